//! Port lists: `443`, `80-82`, `80,443,8000-8100`.
//!
//! Comma-separated items, each a port or a `start-end` range; every port 1–65535, a range's
//! start not above its end, no empty item. White space around items (and around the `-` of a
//! range) is tolerated; inside a number it is not. A short list is parsed without allocating.

/// One item of a port list: a single port has `start == end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PortRange {
    /// The first port.
    pub start: u16,
    /// The last port (inclusive).
    pub end: u16,
}

impl PortRange {
    /// Whether the two items share at least one port.
    pub fn overlaps(&self, other: &PortRange) -> bool {
        self.start <= other.end && other.start <= self.end
    }
}

/// What is wrong with a port list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortsProblemKind {
    /// The whole list is empty or white space.
    Empty,
    /// An item between two commas (or before/after one) is empty.
    EmptyItem,
    /// An item is neither a number nor `start-end` (letters, signs, a space inside a number…).
    Malformed,
    /// A port is 0 or above 65535.
    OutOfRange,
    /// A range starts above its end.
    Reversed,
}

/// The first problem of a port list, naming the item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortsProblem<'a> {
    /// What is wrong.
    pub kind: PortsProblemKind,
    /// The item's position in the list, from 0.
    pub index: usize,
    /// The item as written, without the white space around it.
    pub item: &'a str,
}

const INLINE: usize = 8;

/// The items of a parsed port list, in the order written. Up to eight items are kept inline.
#[derive(Debug, Clone)]
pub struct PortList {
    inline: [PortRange; INLINE],
    len: usize,
    spill: Vec<PortRange>,
}

impl PortList {
    fn new() -> Self {
        PortList {
            inline: [PortRange::default(); INLINE],
            len: 0,
            spill: Vec::new(),
        }
    }

    fn push(&mut self, range: PortRange) {
        if !self.spill.is_empty() {
            self.spill.push(range);
        } else if self.len < INLINE {
            self.inline[self.len] = range;
            self.len += 1;
        } else {
            self.spill.reserve(INLINE * 2);
            self.spill.extend_from_slice(&self.inline);
            self.spill.push(range);
        }
    }

    /// The items.
    pub fn as_slice(&self) -> &[PortRange] {
        if self.spill.is_empty() {
            &self.inline[..self.len]
        } else {
            &self.spill
        }
    }
}

/// Parses a port list; on failure, names the first item that is wrong.
pub fn parse_ports(s: &str) -> Result<PortList, PortsProblem<'_>> {
    let mut list = PortList::new();
    if trim(s).is_empty() {
        return Err(PortsProblem {
            kind: PortsProblemKind::Empty,
            index: 0,
            item: "",
        });
    }
    // Scanned byte by byte: `,` and `-` are ASCII, so every slice below is on a char boundary.
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut index = 0;
    loop {
        let end = find(bytes, start, b',');
        let item = trim(&s[start..end]);
        let problem = |kind| PortsProblem { kind, index, item };
        if item.is_empty() {
            return Err(problem(PortsProblemKind::EmptyItem));
        }
        let range = match item.bytes().position(|b| b == b'-') {
            None => {
                let port = parse_port(item).map_err(problem)?;
                PortRange {
                    start: port,
                    end: port,
                }
            }
            Some(dash) => {
                let first = parse_port(trim(&item[..dash])).map_err(problem)?;
                let last = parse_port(trim(&item[dash + 1..])).map_err(problem)?;
                if first > last {
                    return Err(problem(PortsProblemKind::Reversed));
                }
                PortRange {
                    start: first,
                    end: last,
                }
            }
        };
        list.push(range);
        if end == bytes.len() {
            return Ok(list);
        }
        start = end + 1;
        index += 1;
    }
}

/// The position of the first `needle` at or after `from`, or the length.
fn find(bytes: &[u8], from: usize, needle: u8) -> usize {
    let mut i = from;
    while i < bytes.len() && bytes[i] != needle {
        i += 1;
    }
    i
}

/// One pair of items that share a port, as indices `(earlier, later)` into `ranges`.
/// Short lists are compared pairwise; long ones are sorted, so a hostile list stays fast.
pub fn overlaps(ranges: &[PortRange]) -> Option<(usize, usize)> {
    if ranges.len() <= 32 {
        for (j, b) in ranges.iter().enumerate() {
            for (i, a) in ranges[..j].iter().enumerate() {
                if a.overlaps(b) {
                    return Some((i, j));
                }
            }
        }
        return None;
    }
    let mut order: Vec<usize> = (0..ranges.len()).collect();
    order.sort_unstable_by_key(|&i| (ranges[i].start, i)); // the index makes keys unique
    let mut reach = order[0];
    for &i in &order[1..] {
        if ranges[i].start <= ranges[reach].end {
            return Some((reach.min(i), reach.max(i)));
        }
        if ranges[i].end > ranges[reach].end {
            reach = i;
        }
    }
    None
}

/// `s` without ASCII white space around it.
fn trim(s: &str) -> &str {
    let bytes = s.as_bytes();
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    // Only ASCII bytes are cut off, so both ends are char boundaries.
    &s[start..end]
}

/// A port number: ASCII digits only (leading zeros are harmless), 1–65535.
fn parse_port(s: &str) -> Result<u16, PortsProblemKind> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PortsProblemKind::Malformed);
    }
    let mut value: u32 = 0;
    for b in s.bytes() {
        value = (value * 10 + u32::from(b - b'0')).min(100_000);
    }
    match u16::try_from(value) {
        Ok(port) if port >= 1 => Ok(port),
        _ => Err(PortsProblemKind::OutOfRange),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranges(s: &str) -> Vec<(u16, u16)> {
        parse_ports(s)
            .unwrap()
            .as_slice()
            .iter()
            .map(|r| (r.start, r.end))
            .collect()
    }

    fn problem(s: &str) -> (PortsProblemKind, usize, &str) {
        let p = parse_ports(s).unwrap_err();
        (p.kind, p.index, p.item)
    }

    #[test]
    fn accepts_ports_ranges_and_lists() {
        assert_eq!(ranges("443"), [(443, 443)]);
        assert_eq!(ranges("80-82"), [(80, 82)]);
        assert_eq!(
            ranges("80,443,8000-8100"),
            [(80, 80), (443, 443), (8000, 8100)]
        );
        assert_eq!(
            ranges(" 80 ,\t443 , 8000 - 8100 "),
            [(80, 80), (443, 443), (8000, 8100)]
        );
        assert_eq!(ranges("1-65535"), [(1, 65535)]);
        assert_eq!(ranges("22-22"), [(22, 22)]);
        assert_eq!(ranges("0080"), [(80, 80)]);
    }

    #[test]
    fn long_lists_spill_and_keep_order() {
        let text: Vec<String> = (1..=20).map(|p| p.to_string()).collect();
        let got = ranges(&text.join(","));
        assert_eq!(got.len(), 20);
        assert_eq!(got[0], (1, 1));
        assert_eq!(got[8], (9, 9));
        assert_eq!(got[19], (20, 20));
    }

    #[test]
    fn refuses_empty_lists_and_items() {
        use PortsProblemKind::*;
        assert_eq!(problem(""), (Empty, 0, ""));
        assert_eq!(problem("  "), (Empty, 0, ""));
        assert_eq!(problem("80,,443"), (EmptyItem, 1, ""));
        assert_eq!(problem("80,"), (EmptyItem, 1, ""));
        assert_eq!(problem(",80"), (EmptyItem, 0, ""));
        assert_eq!(problem("80, ,443"), (EmptyItem, 1, ""));
    }

    #[test]
    fn refuses_malformed_items() {
        use PortsProblemKind::*;
        assert_eq!(problem("http"), (Malformed, 0, "http"));
        assert_eq!(problem("80,4 43"), (Malformed, 1, "4 43"));
        assert_eq!(problem("+80"), (Malformed, 0, "+80"));
        assert_eq!(problem("-80"), (Malformed, 0, "-80"));
        assert_eq!(problem("80-"), (Malformed, 0, "80-"));
        assert_eq!(problem("80-82-84"), (Malformed, 0, "80-82-84"));
        assert_eq!(problem("80;443"), (Malformed, 0, "80;443"));
        assert_eq!(problem("80.5"), (Malformed, 0, "80.5"));
        assert_eq!(problem("٤٤٣"), (Malformed, 0, "٤٤٣"));
        assert_eq!(problem("*"), (Malformed, 0, "*"));
    }

    #[test]
    fn refuses_ports_out_of_range_and_reversed_ranges() {
        use PortsProblemKind::*;
        assert_eq!(problem("0"), (OutOfRange, 0, "0"));
        assert_eq!(problem("65536"), (OutOfRange, 0, "65536"));
        assert_eq!(problem("80,0-10"), (OutOfRange, 1, "0-10"));
        assert_eq!(problem("1-70000"), (OutOfRange, 0, "1-70000"));
        let huge = "9".repeat(10_000);
        assert_eq!(parse_ports(&huge).unwrap_err().kind, OutOfRange);
        assert_eq!(problem("90-80"), (Reversed, 0, "90-80"));
    }

    #[test]
    fn finds_overlaps() {
        let list = |s: &str| parse_ports(s).unwrap();
        assert_eq!(overlaps(list("80,443,8000-8100").as_slice()), None);
        assert_eq!(overlaps(list("80-82,83").as_slice()), None);
        assert_eq!(overlaps(list("80-90,85").as_slice()), Some((0, 1)));
        assert_eq!(overlaps(list("443,80,443").as_slice()), Some((0, 2)));
        assert_eq!(overlaps(list("1-10,20,5-6").as_slice()), Some((0, 2)));
        assert_eq!(overlaps(&[]), None);
    }

    #[test]
    fn finds_overlaps_in_long_lists() {
        let disjoint: Vec<PortRange> = (1..=1000)
            .map(|p| PortRange {
                start: p * 2,
                end: p * 2,
            })
            .collect();
        assert_eq!(overlaps(&disjoint), None);
        let mut with_overlap = disjoint.clone();
        with_overlap.push(PortRange {
            start: 1001,
            end: 1003,
        });
        assert_eq!(overlaps(&with_overlap), Some((500, 1000)));
        let text = vec!["7"; 50_000].join(",");
        assert_eq!(
            overlaps(parse_ports(&text).unwrap().as_slice()),
            Some((0, 1))
        );
    }
}
