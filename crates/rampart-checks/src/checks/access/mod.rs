//! How people reach the environment from outside: remote desktops and their access controls.

pub mod workspaces_open_access;
