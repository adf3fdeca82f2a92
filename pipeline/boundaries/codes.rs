//! Area codes as boundary files write them: Kemendagri dotted
//! (`35.23.01.2001`), Kemendagri without dots (`3523012001`, often a number
//! in a shapefile's table), or BPS codes (`3523010001`), which number
//! kecamatan and villages differently and need BPS's bridging table.

/// Which level a boundary file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Village,
    District,
}

/// Property names tried, in order, when the study does not name one:
/// this project's files, common hand-made names, and BIG's RBI layers
/// (`KDEPUM`: village code per Permendagri, `KDCPUM`: kecamatan).
pub const VILLAGE_CODE_PROPERTIES: &[&str] = &[
    "code",
    "kode",
    "kode_desa",
    "kd_desa",
    "kode_kemendagri",
    "kdepum",
    "id_desa",
    "iddesa",
];
pub const DISTRICT_CODE_PROPERTIES: &[&str] = &[
    "code",
    "kode",
    "kode_kec",
    "kode_kecamatan",
    "kd_kec",
    "kdcpum",
    "id_kec",
];

impl Level {
    pub fn properties(self) -> &'static [&'static str] {
        match self {
            Level::Village => VILLAGE_CODE_PROPERTIES,
            Level::District => DISTRICT_CODE_PROPERTIES,
        }
    }

    /// Digits per dotted segment: 35.23.01.2001 or 35.23.01.
    fn segments(self) -> &'static [usize] {
        match self {
            Level::Village => &[2, 2, 2, 4],
            Level::District => &[2, 2, 2],
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            Level::Village => "village",
            Level::District => "kecamatan",
        }
    }
}

/// What a code cell holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Code {
    /// A Kemendagri code, dotted.
    Kemendagri(String),
    /// A BPS code (kecamatan numbered 010, 020, …): cannot be matched
    /// without BPS's bridging table.
    Bps(String),
    /// Neither: a name, a number of the wrong length, empty.
    Other(String),
}

/// Reads a code cell. A number from a shapefile's table (3523012001.0) is
/// taken as its digits.
pub fn parse(raw: &str, level: Level) -> Code {
    let text = raw.trim();
    let text = text.strip_suffix(".0").unwrap_or(text);
    let segments = level.segments();
    let digits: usize = segments.iter().sum();
    let dotted = text.split('.').collect::<Vec<_>>();
    if dotted.len() == segments.len()
        && dotted
            .iter()
            .zip(segments)
            .all(|(part, &n)| part.len() == n && part.bytes().all(|b| b.is_ascii_digit()))
    {
        return Code::Kemendagri(text.to_string());
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Code::Other(text.to_string());
    }
    // BPS: 2+2+3 digits per kecamatan and 3 more per village.
    let bps_digits = match level {
        Level::Village => 10,
        Level::District => 7,
    };
    if text.len() == digits && looks_kemendagri(text, level) {
        let mut out = String::with_capacity(digits + segments.len());
        let mut at = 0;
        for (i, &n) in segments.iter().enumerate() {
            if i > 0 {
                out.push('.');
            }
            out.push_str(&text[at..at + n]);
            at += n;
        }
        return Code::Kemendagri(out);
    }
    if text.len() == bps_digits {
        return Code::Bps(text.to_string());
    }
    Code::Other(text.to_string())
}

/// Undotted Kemendagri village codes have 1 (kelurahan) or 2 (desa) as the
/// first digit of the village part; BPS's have the kecamatan's last digit,
/// nearly always 0 (010, 020, …), there. District codes of six digits can
/// only be Kemendagri (BPS's have seven).
fn looks_kemendagri(digits: &str, level: Level) -> bool {
    match level {
        Level::Village => matches!(digits.as_bytes()[6], b'1' | b'2'),
        Level::District => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kemendagri_codes_in_every_spelling_become_dotted() {
        let v = Level::Village;
        let k = |s: &str| Code::Kemendagri(s.to_string());
        assert_eq!(parse("35.23.01.2001", v), k("35.23.01.2001"));
        assert_eq!(parse(" 3523012001 ", v), k("35.23.01.2001"));
        assert_eq!(parse("3523011001.0", v), k("35.23.01.1001"));
        assert_eq!(parse("352301", Level::District), k("35.23.01"));
        assert_eq!(parse("35.23.01", Level::District), k("35.23.01"));
    }

    #[test]
    fn bps_codes_and_names_are_told_apart() {
        // Kecamatan Kenduruan is 010 in BPS numbering, desa Jlodro 001.
        assert_eq!(
            parse("3523010001", Level::Village),
            Code::Bps("3523010001".into())
        );
        assert_eq!(
            parse("3523010", Level::District),
            Code::Bps("3523010".into())
        );
        assert_eq!(
            parse("Jlodro", Level::Village),
            Code::Other("Jlodro".into())
        );
        assert_eq!(
            parse("35.23.1.2001", Level::Village),
            Code::Other("35.23.1.2001".into())
        );
        assert_eq!(parse("", Level::Village), Code::Other(String::new()));
    }
}
