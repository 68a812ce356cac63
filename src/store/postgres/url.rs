//! `postgres://` and `postgresql://` URLs: parsed into a connection config, and shown only in
//! a redacted form (the password never appears in a message).

use super::super::error::{Result, StoreError};

/// How TLS is asked for, as libpq's `sslmode` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain TCP (or a Unix socket).
    Disable,
    /// TLS when the server offers it, else plain (libpq's default).
    Prefer,
    /// TLS or no connection; certificates are always verified (see docs/team.md).
    Require,
}

/// A parsed server URL.
#[derive(Clone, PartialEq, Eq)]
pub struct ServerUrl {
    pub user: String,
    pub password: Option<String>,
    /// A host name, an address, or a socket directory (a path starting with `/`).
    pub host: String,
    pub port: u16,
    pub dbname: String,
    pub tls: TlsMode,
    /// `sslrootcert`: the PEM file of the certificate authorities to trust (a company's own
    /// CA) instead of the bundled web roots.
    pub root_cert: Option<std::path::PathBuf>,
}

impl std::fmt::Debug for ServerUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ServerUrl({})", self.redacted())
    }
}

/// Whether `text` names a server rather than a file.
pub fn is_server_url(text: &str) -> bool {
    let lower = text.trim_start().to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

impl ServerUrl {
    /// Parses `postgres://USER[:PASSWORD]@HOST[:PORT]/DBNAME[?sslmode=...&host=/socket/dir]`.
    pub fn parse(text: &str) -> Result<ServerUrl> {
        let bad = |why: &str| {
            StoreError::invalid(format!(
                "{} is not a server URL: {why} (expected postgres://USER[:PASSWORD]@HOST[:PORT]/DBNAME)",
                redact_text(text)
            ))
        };
        let rest =
            strip_scheme(text.trim()).ok_or_else(|| bad("it must start with postgres://"))?;
        let (before_query, query) = match rest.split_once('?') {
            Some((before, query)) => (before, Some(query)),
            None => (rest, None),
        };
        let (authority, dbname) = before_query
            .split_once('/')
            .ok_or_else(|| bad("it names no database"))?;
        let (credentials, host_port) = match authority.rsplit_once('@') {
            Some((credentials, host_port)) => (Some(credentials), host_port),
            None => (None, authority),
        };
        let (user, password) = match credentials {
            Some(credentials) => match credentials.split_once(':') {
                Some((user, password)) => (decode(user)?, Some(decode(password)?)),
                None => (decode(credentials)?, None),
            },
            None => (String::new(), None),
        };
        let (mut host, port) =
            split_port(host_port).ok_or_else(|| bad("the port is not a number"))?;
        let dbname = decode(dbname)?;
        if dbname.is_empty() {
            return Err(bad("it names no database"));
        }
        let mut tls = TlsMode::Prefer;
        let mut root_cert = None;
        for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = decode(value)?;
            match key {
                "sslmode" => {
                    tls = match value.as_str() {
                        "disable" => TlsMode::Disable,
                        "allow" | "prefer" => TlsMode::Prefer,
                        "require" | "verify-ca" | "verify-full" => TlsMode::Require,
                        _ => {
                            return Err(bad(
                                "sslmode is not disable, allow, prefer, require, verify-ca or verify-full",
                            ));
                        }
                    }
                }
                "host" => host = value,
                "sslrootcert" => root_cert = Some(std::path::PathBuf::from(value)),
                _ => return Err(bad(&format!("the option {key:?} is not known"))),
            }
        }
        if host.is_empty() {
            host = "localhost".into();
        }
        if user.is_empty() {
            return Err(bad("it names no user"));
        }
        Ok(ServerUrl {
            user,
            password,
            host,
            port,
            dbname,
            tls,
            root_cert,
        })
    }

    /// The URL as it may be shown: everything but the password.
    pub fn redacted(&self) -> String {
        let host = if self.host.starts_with('/') {
            "localhost".to_string()
        } else if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        let mut shown = format!(
            "postgres://{}@{host}:{}/{}",
            encode(&self.user),
            self.port,
            encode(&self.dbname)
        );
        if self.host.starts_with('/') {
            shown.push_str(&format!("?host={}", encode(&self.host)));
        }
        shown
    }

    /// The same server and user with another database (tests make one per story).
    pub fn with_dbname(&self, dbname: &str) -> ServerUrl {
        ServerUrl {
            dbname: dbname.to_string(),
            ..self.clone()
        }
    }

    /// The password for this URL in `$PGPASSFILE` or `~/.pgpass`, as libpq reads it: the first
    /// line whose `host:port:database:user` fields match (`*` matches anything), and never
    /// from a file others may read.
    fn password_from_pgpass(&self) -> Option<String> {
        let path = std::env::var_os("PGPASSFILE")
            .map(std::path::PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME").map(|home| std::path::Path::new(&home).join(".pgpass"))
            })?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if std::fs::metadata(&path).ok()?.permissions().mode() & 0o077 != 0 {
                return None;
            }
        }
        let text = std::fs::read_to_string(path).ok()?;
        let host = if self.host.starts_with('/') {
            "localhost"
        } else {
            self.host.as_str()
        };
        let wanted = [host, &self.port.to_string(), &self.dbname, &self.user].map(str::to_string);
        pgpass_lookup(&text, &wanted)
    }

    /// The client library's config; the password from the URL, else `PGPASSWORD`, else
    /// `~/.pgpass`.
    pub(super) fn config(&self) -> postgres::Config {
        let mut config = postgres::Config::new();
        config
            .user(&self.user)
            .host(&self.host)
            .port(self.port)
            .dbname(&self.dbname)
            .application_name("dealdeck")
            .connect_timeout(std::time::Duration::from_secs(10));
        let password = self
            .password
            .clone()
            .or_else(|| std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty()))
            .or_else(|| self.password_from_pgpass());
        if let Some(password) = password {
            config.password(password);
        }
        config.ssl_mode(match self.tls {
            TlsMode::Disable => postgres::config::SslMode::Disable,
            TlsMode::Prefer => postgres::config::SslMode::Prefer,
            TlsMode::Require => postgres::config::SslMode::Require,
        });
        config
    }
}

/// The password of the first line of a `.pgpass` text matching `host, port, db, user`.
fn pgpass_lookup(text: &str, wanted: &[String; 4]) -> Option<String> {
    text.lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .find_map(|line| {
            let fields = pgpass_fields(line);
            let [h, p, d, u, password] = fields.as_slice() else {
                return None;
            };
            let matches = [h, p, d, u]
                .iter()
                .zip(wanted)
                .all(|(field, value)| field.as_str() == "*" || *field == value);
            matches.then(|| password.clone())
        })
}

/// A `.pgpass` line's fields: split at `:`, with `\\:` and `\\\\` as escapes.
fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(next), Some(field)) = (chars.next(), fields.last_mut()) {
                    field.push(next);
                }
            }
            ':' => fields.push(String::new()),
            c => {
                if let Some(field) = fields.last_mut() {
                    field.push(c);
                }
            }
        }
    }
    fields
}

fn strip_scheme(text: &str) -> Option<&str> {
    let lower = text.to_ascii_lowercase();
    ["postgresql://", "postgres://"]
        .iter()
        .find(|scheme| lower.starts_with(*scheme))
        .and_then(|scheme| text.get(scheme.len()..))
}

/// `host`, `host:port`, `[v6]` or `[v6]:port`; the port defaults to 5432.
fn split_port(host_port: &str) -> Option<(String, u16)> {
    if let Some(rest) = host_port.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        let port = match after.strip_prefix(':') {
            Some(port) => port.parse().ok()?,
            None if after.is_empty() => 5432,
            None => return None,
        };
        return Some((host.to_string(), port));
    }
    match host_port.rsplit_once(':') {
        Some((host, port)) => Some((host.to_string(), port.parse().ok()?)),
        None => Some((host_port.to_string(), 5432)),
    }
}

/// Percent-decoding; a malformed escape is refused rather than guessed.
fn decode(text: &str) -> Result<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'%' {
            let hex = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| StoreError::invalid("the server URL has a malformed % escape"))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(byte);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| StoreError::invalid("the server URL is not UTF-8"))
}

fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A text that failed to parse, shown with anything between `://user:` and `@` removed.
pub fn redact_text(text: &str) -> String {
    let Some(scheme_end) = text.find("://") else {
        return text.to_string();
    };
    let after = scheme_end + 3;
    let rest = text.get(after..).unwrap_or("");
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let authority = rest.get(..authority_end).unwrap_or("");
    match authority.rsplit_once('@') {
        Some((credentials, host)) => {
            let user = credentials.split_once(':').map_or(credentials, |(u, _)| u);
            format!(
                "{}{user}@{host}{}",
                text.get(..after).unwrap_or(""),
                rest.get(authority_end..).unwrap_or("")
            )
        }
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_schemes_parse_with_and_without_password_and_port() {
        let url =
            ServerUrl::parse("postgres://rep:s%40cret@db.example.com:6543/sales?sslmode=require")
                .unwrap();
        assert_eq!(url.user, "rep");
        assert_eq!(url.password.as_deref(), Some("s@cret"));
        assert_eq!(url.host, "db.example.com");
        assert_eq!(url.port, 6543);
        assert_eq!(url.dbname, "sales");
        assert_eq!(url.tls, TlsMode::Require);
        let url = ServerUrl::parse("postgresql://rep@[::1]/sales").unwrap();
        assert_eq!(
            (url.host.as_str(), url.port, url.password),
            ("::1", 5432, None)
        );
        assert_eq!(url.tls, TlsMode::Prefer);
        let url = ServerUrl::parse("postgres://rep@/sales?host=/tmp/pg&sslmode=disable").unwrap();
        assert_eq!(url.host, "/tmp/pg");
        let url =
            ServerUrl::parse("postgres://rep@db/sales?sslmode=verify-full&sslrootcert=/etc/ca.pem")
                .unwrap();
        assert_eq!(url.tls, TlsMode::Require);
        assert_eq!(
            url.root_cert.as_deref(),
            Some(std::path::Path::new("/etc/ca.pem"))
        );
        assert!(is_server_url("PostgreSQL://x@y/z"));
        assert!(!is_server_url("/home/rep/dealdeck.db"));
    }

    #[test]
    fn the_password_is_never_shown() {
        let text = "postgres://rep:hunter2@db:5432/sales";
        let url = ServerUrl::parse(text).unwrap();
        assert!(!url.redacted().contains("hunter2"), "{}", url.redacted());
        assert!(!format!("{url:?}").contains("hunter2"));
        assert_eq!(url.redacted(), "postgres://rep@db:5432/sales");
        for broken in [
            "postgres://rep:hunter2@db:port/sales",
            "postgres://rep:hunter2@db/",
            "postgres://rep:hunter2@db/sales?sslmode=maybe",
            "postgres://rep:hunter2@db/sales?nope=1",
        ] {
            let error = ServerUrl::parse(broken).unwrap_err().to_string();
            assert!(!error.contains("hunter2"), "{error}");
            assert!(error.contains("rep@db"), "{error}");
        }
    }

    #[test]
    fn pgpass_lines_split_at_unescaped_colons() {
        assert_eq!(
            pgpass_fields(r"db.example.com:5432:*:rep:pa\:ss\\word"),
            vec!["db.example.com", "5432", "*", "rep", r"pa:ss\word"]
        );
        let text = "# team\nother:5432:*:rep:no\ndb:*:sales:rep:yes\n*:*:*:*:fallback\n";
        let wanted = ["db", "5432", "sales", "rep"].map(str::to_string);
        assert_eq!(pgpass_lookup(text, &wanted).as_deref(), Some("yes"));
        let stranger = ["x", "1", "y", "z"].map(str::to_string);
        assert_eq!(pgpass_lookup(text, &stranger).as_deref(), Some("fallback"));
        assert_eq!(pgpass_lookup("broken line", &wanted), None);
    }

    #[test]
    fn hostile_urls_are_refused_without_panicking() {
        for text in [
            "postgres://",
            "postgres://@/",
            "postgres://a@b/%zz",
            "postgres://a@[::1/x",
            "postgres://é@b/%",
        ] {
            assert!(ServerUrl::parse(text).is_err(), "{text}");
        }
    }
}
