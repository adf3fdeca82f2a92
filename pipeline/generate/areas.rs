//! Areas: every village with the runs of villages that share its kecamatan,
//! regency and province, so buyers at each market tier are drawn by index.

use super::*;

#[derive(Clone, Copy)]
pub(super) struct Span {
    pub(super) start: usize,
    pub(super) end: usize,
}

impl Span {
    pub(super) fn len(self) -> usize {
        self.end - self.start
    }
}

pub(super) struct Areas {
    /// Every village of Indonesia, in code order.
    pub(super) villages: Vec<&'static Village>,
    pub(super) district: Vec<Span>,
    pub(super) regency: Vec<Span>,
    pub(super) province: Vec<Span>,
}

impl Areas {
    pub(super) fn national() -> Areas {
        let mut villages: Vec<&'static Village> = Reference::get().villages_in("").collect();
        villages.sort_by(|a, b| a.code.cmp(&b.code));
        let spans = |segments: usize| runs(&villages, |v| leading(&v.code, segments));
        Areas {
            district: spans(3),
            regency: spans(2),
            province: spans(1),
            villages,
        }
    }

    pub(super) fn index_of(&self, code: &str) -> Option<usize> {
        self.villages
            .binary_search_by(|v| v.code.as_str().cmp(code))
            .ok()
    }

    /// Indices of the villages of `region` ("" or "ID" for all), the first `limit` of them.
    pub(super) fn select(&self, region: &str, limit: Option<usize>) -> anyhow::Result<Vec<usize>> {
        let region = region.trim();
        let prefix = if region.is_empty() || region.eq_ignore_ascii_case("ID") {
            ""
        } else {
            region
        };
        if !prefix.is_empty() && !Reference::get().contains(prefix) {
            return Err(crate::bad_input!(
                "--region '{region}' is not a code in the reference (idn-area-data 4.0.1); \
                 give a dotted Kemendagri code such as 35.23 (Kabupaten Tuban) or 35 (Jawa Timur), \
                 or \"\" for all of Indonesia"
            ));
        }
        let dotted = format!("{prefix}.");
        let within =
            |v: &Village| prefix.is_empty() || v.code == prefix || v.code.starts_with(&dotted);
        let selected: Vec<usize> = (0..self.villages.len())
            .filter(|&i| within(self.villages[i]))
            .take(limit.unwrap_or(usize::MAX))
            .collect();
        if selected.is_empty() {
            return Err(crate::bad_input!(
                "--region '{region}' has no villages in the reference"
            ));
        }
        Ok(selected)
    }

    /// A buyer code at `tier` (SPEC §5.1) from the point of view of `village`.
    pub(super) fn buyer(&self, rng: &mut StdRng, village: usize, tier: usize) -> String {
        let code = |i: usize| self.villages[i].code.as_str();
        let own = code(village);
        let found = match tier {
            0 => Some(own.to_string()),
            1 if rng.random_bool(0.9) => {
                let district = self.district[village];
                (district.len() > 1).then(|| {
                    let j = district.start + rng.random_range(0..district.len() - 1);
                    code(if j >= village { j + 1 } else { j }).to_string()
                })
            }
            // Another kecamatan of the regency, as a village or as the kecamatan.
            2 if rng.random_bool(0.9) => {
                pick_outside(rng, self.regency[village], self.district[village])
                    .map(|j| coarsen(rng, code(j), 0.25, 3))
            }
            // Another regency of the province, as a village or as the regency.
            3 if rng.random_bool(0.9) => {
                pick_outside(rng, self.province[village], self.regency[village])
                    .map(|j| coarsen(rng, code(j), 0.4, 2))
            }
            // Another province, as a village or as a regency.
            4 if rng.random_bool(0.92) => {
                let nation = Span {
                    start: 0,
                    end: self.villages.len(),
                };
                pick_outside(rng, nation, self.province[village])
                    .map(|j| coarsen(rng, code(j), 0.5, 2))
            }
            5 => Some(COUNTRIES[pick(rng, &COUNTRY_WEIGHTS)].to_string()),
            _ => None,
        };
        // The coarse codes: the area itself at its own tier (or the nation for tier 4).
        found.unwrap_or_else(|| match tier {
            1 => leading(own, 3).to_string(),
            2 => leading(own, 2).to_string(),
            3 => leading(own, 1).to_string(),
            _ => "ID".to_string(),
        })
    }
}

/// A village code, or with probability `p` its first `segments` segments.
pub(super) fn coarsen(rng: &mut StdRng, code: &str, p: f64, segments: usize) -> String {
    let code = if rng.random_bool(p) {
        leading(code, segments)
    } else {
        code
    };
    code.to_string()
}

/// For each village, the run of consecutive villages with the same key.
pub(super) fn runs(villages: &[&Village], key: impl Fn(&Village) -> &str) -> Vec<Span> {
    let mut spans = Vec::with_capacity(villages.len());
    let mut start = 0;
    for i in 1..=villages.len() {
        if i == villages.len() || key(villages[i]) != key(villages[start]) {
            spans.extend(std::iter::repeat_n(Span { start, end: i }, i - start));
            start = i;
        }
    }
    spans
}

/// A random index in `outer` but not in `inner` (which lies inside `outer`).
pub(super) fn pick_outside(rng: &mut StdRng, outer: Span, inner: Span) -> Option<usize> {
    let n = outer.len() - inner.len();
    (n > 0).then(|| {
        let i = outer.start + rng.random_range(0..n);
        if i >= inner.start {
            i + inner.len()
        } else {
            i
        }
    })
}

/// The first `segments` segments of a dotted code: `leading("35.23.08.2008", 2)` = `35.23`.
pub(super) fn leading(code: &str, segments: usize) -> &str {
    code.match_indices('.')
        .nth(segments - 1)
        .map_or(code, |(i, _)| &code[..i])
}

pub(super) const COUNTRIES: [&str; 13] = [
    "JP", "SG", "MY", "US", "NL", "SA", "AU", "CN", "KR", "HK", "TW", "AE", "DE",
];
pub(super) const COUNTRY_WEIGHTS: [f64; 13] = [
    3.0, 3.0, 3.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0,
];
