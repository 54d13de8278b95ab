//! `rampart exposure`: the exposure engine's verdicts for every region, filtered.

use rampart_inventory::{Inventory, Protocol};
use rampart_net::{analyze_exposure_checked, PrefixLists};
use rampart_report::exposure_v1::{filter, render_json, render_text, RegionResult};

use crate::cli::ExposureFormat;
use crate::{output, Error};

pub struct Filters<'a> {
    pub port: Option<u16>,
    pub protocol: Option<&'a str>,
    pub resource: Option<&'a str>,
    pub region: Option<&'a str>,
}

pub fn run(inventory: &Inventory, format: ExposureFormat, f: &Filters, color: bool) -> Result<u8, Error> {
    let protocol = match f.protocol {
        None => None,
        Some(p) => match Protocol::parse(p) {
            Some(p @ (Protocol::Tcp | Protocol::Udp | Protocol::Icmp | Protocol::Icmpv6)) => Some(p),
            _ => {
                return Err(Error::Usage(format!(
                    "`{p}` is not a protocol rampart reports: use tcp, udp, icmp or icmpv6"
                )))
            }
        },
    };
    if let Some(r) = f.region {
        if !inventory.regions.contains_key(r) {
            return Err(Error::Usage(format!("region `{r}` is not in the source")));
        }
    }
    let lists: Vec<(String, PrefixLists)> = inventory
        .regions
        .values()
        .map(|r| (r.name.clone(), PrefixLists::new(&r.prefix_lists)))
        .collect();
    let mut results = Vec::new();
    for (region, (_, lists)) in inventory.regions.values().zip(&lists) {
        if f.region.is_some_and(|r| r != region.name) {
            continue;
        }
        let mut analysis = analyze_exposure_checked(inventory, region, lists);
        if let Ok(a) = &mut analysis {
            filter(a, protocol, f.port, f.resource);
        }
        results.push(RegionResult { region, analysis });
    }
    let text = match format {
        ExposureFormat::Json => render_json(inventory.account(), &results),
        ExposureFormat::Text => render_text(inventory.account(), &results, |s| {
            if color {
                format!("\x1b[1m{s}\x1b[0m")
            } else {
                s.to_owned()
            }
        }),
    };
    output::stdout(&text)?;
    Ok(0)
}
