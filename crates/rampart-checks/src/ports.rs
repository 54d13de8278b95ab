//! Named port classes. Ranges are inclusive; a rule's range that includes any port of a class
//! opens that service.

use rampart_inventory::Protocol;
use rampart_net::PortSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub name: std::borrow::Cow<'static, str>,
    pub protocol: Protocol,
    pub from: u16,
    pub to: u16,
}

const fn tcp(name: &'static str, from: u16, to: u16) -> Service {
    Service {
        name: std::borrow::Cow::Borrowed(name),
        protocol: Protocol::Tcp,
        from,
        to,
    }
}

const fn udp(name: &'static str, from: u16, to: u16) -> Service {
    Service {
        name: std::borrow::Cow::Borrowed(name),
        protocol: Protocol::Udp,
        from,
        to,
    }
}

/// Remote administration (CIS AWS Foundations 5.2/5.3 name 22 and 3389; Telnet and WinRM
/// give the same control of a host).
pub const ADMIN: &[Service] = &[
    tcp("SSH", 22, 22),
    tcp("Telnet", 23, 23),
    tcp("RDP", 3389, 3389),
    udp("RDP", 3389, 3389),
    tcp("WinRM", 5985, 5986),
];

/// Databases, caches and search engines that must never face the internet.
pub const DATABASE: &[Service] = &[
    tcp("SQL Server", 1433, 1434),
    udp("SQL Server Browser", 1434, 1434),
    tcp("Oracle", 1521, 1521),
    tcp("Oracle", 2483, 2484),
    tcp("etcd", 2379, 2380),
    tcp("MySQL/Aurora", 3306, 3306),
    tcp("PostgreSQL", 5432, 5432),
    tcp("CouchDB", 5984, 5984),
    tcp("Redis", 6379, 6379),
    tcp("Cassandra", 7000, 7001),
    tcp("Cassandra", 9042, 9042),
    tcp("InfluxDB", 8086, 8086),
    tcp("Elasticsearch/OpenSearch", 9200, 9200),
    tcp("Elasticsearch/OpenSearch", 9300, 9300),
    tcp("Memcached", 11211, 11211),
    udp("Memcached", 11211, 11211),
    tcp("MongoDB", 27017, 27019),
];

impl Service {
    pub fn ports(&self) -> PortSet {
        PortSet::range(self.from, self.to)
    }

    pub fn label(&self) -> String {
        let proto = self.protocol.cli_name();
        if self.from == self.to {
            format!("{} ({proto}/{})", self.name, self.from)
        } else {
            format!("{} ({proto}/{}-{})", self.name, self.from, self.to)
        }
    }
}

/// Services that must not face the internet besides administration and databases: container
/// and cluster control planes, remote desktops, file sharing, RPC, legacy protocols, notebooks
/// and dashboards. The default of `network.sensitive_ports` in rampart.toml.
pub const SENSITIVE: &[Service] = &[
    tcp("FTP", 20, 21),
    tcp("RPC portmapper", 111, 111),
    udp("RPC portmapper", 111, 111),
    tcp("NetBIOS", 137, 139),
    udp("NetBIOS", 137, 138),
    udp("SNMP", 161, 161),
    tcp("SMB", 445, 445),
    tcp("NFS", 2049, 2049),
    tcp("Docker API", 2375, 2376),
    tcp("Kibana", 5601, 5601),
    tcp("VNC", 5900, 5903),
    tcp("X11", 6000, 6063),
    tcp("Kubernetes API", 6443, 6443),
    tcp("Jupyter", 8888, 8888),
    tcp("kubelet", 10250, 10250),
    tcp("RabbitMQ management", 15672, 15672),
    tcp("Hadoop NameNode", 50070, 50070),
];

/// Parses `tcp/2375`, `udp/161` or `tcp/5900-5903` as a service named by itself.
pub fn parse_service(spec: &str) -> Result<Service, String> {
    let (proto, ports) = spec
        .split_once('/')
        .ok_or_else(|| format!("`{spec}`: write ports as tcp/22, udp/53 or tcp/8000-8100"))?;
    let protocol = match proto {
        "tcp" => Protocol::Tcp,
        "udp" => Protocol::Udp,
        _ => return Err(format!("`{spec}`: the protocol must be tcp or udp")),
    };
    let (lo, hi) = match ports.split_once('-') {
        Some((a, b)) => (a.parse::<u16>(), b.parse::<u16>()),
        None => (ports.parse::<u16>(), ports.parse::<u16>()),
    };
    let (Ok(from), Ok(to)) = (lo, hi) else {
        return Err(format!("`{spec}`: ports must be numbers from 0 to 65535"));
    };
    if from > to {
        return Err(format!("`{spec}`: the range is reversed"));
    }
    Ok(Service {
        name: std::borrow::Cow::Owned(spec.to_owned()),
        protocol,
        from,
        to,
    })
}

/// Active Directory and the Windows services a domain controller answers on (the issue's
/// `service:ad`): DNS, Kerberos, RPC, NetBIOS, LDAP, SMB, kpasswd, LDAPS, Global Catalog,
/// WinRM, AD Web Services.
pub const AD: &[Service] = &[
    tcp("DNS", 53, 53),
    udp("DNS", 53, 53),
    tcp("Kerberos", 88, 88),
    udp("Kerberos", 88, 88),
    tcp("RPC", 135, 135),
    tcp("NetBIOS", 139, 139),
    tcp("LDAP", 389, 389),
    udp("LDAP", 389, 389),
    tcp("SMB", 445, 445),
    tcp("kpasswd", 464, 464),
    udp("kpasswd", 464, 464),
    tcp("LDAPS", 636, 636),
    tcp("Global Catalog", 3268, 3269),
    tcp("WinRM", 5985, 5986),
    tcp("AD Web Services", 9389, 9389),
];

/// Ports only a directory server answers on: a host admitting one of them is treated as one.
pub const AD_SIGNATURE: &[Service] = &[
    tcp("Kerberos", 88, 88),
    tcp("LDAP", 389, 389),
    tcp("LDAPS", 636, 636),
    tcp("Global Catalog", 3268, 3269),
];

/// A service class by name (`ad`, `db`, `admin`), for `rampart paths --to service:NAME`.
pub fn class(name: &str) -> Option<&'static [Service]> {
    match name {
        "ad" => Some(AD),
        "db" => Some(DATABASE),
        "admin" => Some(ADMIN),
        _ => None,
    }
}

/// The class as (protocol, ports) pairs, merged per protocol.
pub fn wanted(services: &[Service]) -> Vec<(Protocol, PortSet)> {
    let mut out: Vec<(Protocol, PortSet)> = Vec::new();
    for s in services {
        match out.iter_mut().find(|(p, _)| *p == s.protocol) {
            Some((_, ports)) => *ports = ports.union(&s.ports()),
            None => out.push((s.protocol, s.ports())),
        }
    }
    out
}
