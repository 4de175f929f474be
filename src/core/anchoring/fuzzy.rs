//! Approximate search over code points with Myers' bit-parallel algorithm.
//!
//! G. Myers, "A fast bit-vector algorithm for approximate string matching based on dynamic
//! programming", J. ACM 46(3), 1999, with the block decomposition of its section 4 (fig. 9) so
//! that patterns longer than a machine word work, and the same two-pass structure as the npm
//! package `approx-string-match` used by Hypothesis: one forward pass finds where matches end,
//! then a short pass over the reversed text before each end finds where that match starts.
//!
//! Columns of the edit-distance matrix are text positions and rows are pattern positions; each
//! column is held as bit vectors of vertical deltas, 64 rows a word. The forward pass only
//! computes the blocks that can still hold a value within the error bound, which makes it
//! O(n · ⌈k/64⌉) on average for a text of n code points and k allowed errors (O(n · ⌈m/64⌉) at
//! worst, for a pattern of m).

/// Rows of the matrix held in one word.
const W: usize = 64;

/// One approximate occurrence, in code-point indices of the searched text; `end` is exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub start: usize,
    pub end: usize,
    pub errors: usize,
}

/// Every match of `pattern` in `text` with at most `max_errors` edits (Levenshtein), found with
/// Myers' bit-parallel algorithm (blocks of 64 for patterns longer than 64 code points). Inputs
/// are slices of chars.
///
/// There is one match per end position `1..=text.len()` at which some substring ending there is
/// within `max_errors` of the pattern; `errors` is the least distance over those substrings and
/// `start` the leftmost start achieving it. Overlapping matches are therefore all reported:
/// choosing between them is the caller's business. An empty pattern matches nowhere.
pub fn search(text: &[char], pattern: &[char], max_errors: usize) -> Vec<Match> {
    let searcher = Searcher::new(pattern);
    let mut matches = Vec::new();
    searcher.for_each_end(text, max_errors, |end, errors| {
        matches.push(Match {
            start: 0,
            end,
            errors,
        })
    });
    for m in &mut matches {
        m.start = searcher.start(text, m.end, m.errors);
    }
    matches
}

/// A pattern prepared once for many searches, and for callers that want the ends of matches
/// without paying for their starts.
pub(crate) struct Searcher {
    forward: Peq,
    backward: Peq,
}

impl Searcher {
    pub(crate) fn new(pattern: &[char]) -> Searcher {
        Searcher {
            forward: Peq::new(pattern.iter().copied()),
            backward: Peq::new(pattern.iter().rev().copied()),
        }
    }

    /// Length of the pattern in code points.
    pub(crate) fn len(&self) -> usize {
        self.forward.len
    }

    /// Calls `report(end, errors)` for every end position of a match, in text order.
    pub(crate) fn for_each_end(
        &self,
        text: &[char],
        max_errors: usize,
        mut report: impl FnMut(usize, usize),
    ) {
        let peq = &self.forward;
        let m = peq.len;
        if m == 0 {
            return;
        }
        // Past m every position matches anyway (the empty substring costs m), and clamping keeps
        // row k within the pattern's blocks.
        let k = max_errors.min(m);
        let last_block = peq.blocks - 1;
        let mut pv = vec![!0u64; peq.blocks];
        let mut mv = vec![0u64; peq.blocks];
        // Value of the matrix at the bottom row of each block, for the current column.
        let mut score: Vec<usize> = (0..peq.blocks).map(|b| peq.rows_through(b)).collect();
        // Last block that can hold a value <= k; in the first column row i holds i.
        let mut y = k.div_ceil(W).saturating_sub(1);

        for (j, &c) in text.iter().enumerate() {
            let eq = peq.masks(c);
            // The top row is all zeros in search mode: a match may start anywhere.
            let mut carry = 0;
            for b in 0..=y {
                carry = advance(&mut pv[b], &mut mv[b], eq[b], carry, peq.last_row(b));
                score[b] = score[b].wrapping_add_signed(carry);
            }
            let previous_bottom = score[y].wrapping_add_signed(-carry);
            if y < last_block && previous_bottom <= k && (eq[y + 1] & 1 != 0 || carry < 0) {
                // The next block was not computed in the previous column; taking its vertical
                // deltas as all +1 overestimates it only where values exceed k (fig. 9).
                y += 1;
                pv[y] = !0;
                mv[y] = 0;
                let rows = peq.rows_through(y) - y * W;
                let out = advance(&mut pv[y], &mut mv[y], eq[y], carry, peq.last_row(y));
                score[y] = (score[y - 1] + rows)
                    .wrapping_add_signed(-carry)
                    .wrapping_add_signed(out);
            } else {
                // A block whose bottom is k + W or more has every row above k.
                while y > 0 && score[y] >= k + W {
                    y -= 1;
                }
            }
            if y == last_block && score[y] <= k {
                report(j + 1, score[y]);
            }
        }
    }

    /// Leftmost start of a match ending at `end` with the least error count `errors`, found by
    /// matching the reversed pattern against the reversed text anchored at `end`.
    pub(crate) fn start(&self, text: &[char], end: usize, errors: usize) -> usize {
        let mut leftmost = end;
        self.for_each_start(text, end, errors, |start| leftmost = start);
        debug_assert!(
            leftmost < end || self.len() <= errors,
            "no substring ending at {end} is within {errors} errors"
        );
        leftmost
    }

    /// Calls `found(start)` for every start of a substring ending at `end` within `errors` of
    /// the pattern, from the rightmost (shortest substring) to the leftmost.
    pub(crate) fn for_each_start(
        &self,
        text: &[char],
        end: usize,
        errors: usize,
        mut found: impl FnMut(usize),
    ) {
        let peq = &self.backward;
        let m = peq.len;
        if m == 0 {
            return;
        }
        let from = end.saturating_sub(m + errors);
        let mut pv = vec![!0u64; peq.blocks];
        let mut mv = vec![0u64; peq.blocks];
        // Distance between the whole pattern and the `len` code points before `end`.
        let mut score = m;
        for (len, &c) in text[from..end].iter().rev().enumerate() {
            let eq = peq.masks(c);
            // The top row counts the text consumed: anchored at `end`, skipping text costs.
            let mut carry = 1;
            for b in 0..peq.blocks {
                carry = advance(&mut pv[b], &mut mv[b], eq[b], carry, peq.last_row(b));
            }
            score = score.wrapping_add_signed(carry);
            if score <= errors {
                found(end - len - 1);
            }
        }
    }
}

/// One step of Myers' algorithm for one block of rows (fig. 8 of the paper, section 4 form):
/// updates the block's vertical deltas for the next column and returns the horizontal delta
/// leaving its bottom row, given the one entering its top row.
fn advance(pv: &mut u64, mv: &mut u64, eq: u64, h_in: isize, last_row: u64) -> isize {
    let (p, n) = (*pv, *mv);
    let xv = eq | n;
    let eq = if h_in < 0 { eq | 1 } else { eq };
    let xh = ((eq & p).wrapping_add(p) ^ p) | eq;
    let mut ph = n | !(xh | p);
    let mut mh = p & xh;
    let h_out = if ph & last_row != 0 {
        1
    } else if mh & last_row != 0 {
        -1
    } else {
        0
    };
    ph <<= 1;
    mh <<= 1;
    if h_in < 0 {
        mh |= 1;
    } else if h_in > 0 {
        ph |= 1;
    }
    *pv = mh | !(xv | ph);
    *mv = ph & xv;
    h_out
}

/// For each character of the pattern, the bit vectors of the rows where it occurs.
struct Peq {
    len: usize,
    blocks: usize,
    /// Masks of character `c` start at `masks[slot(c) * blocks]`; slot 0 is all zeros, for
    /// characters not in the pattern.
    masks: Vec<u64>,
    /// ASCII dominates most texts, so its slots are a direct lookup.
    ascii: [u32; 128],
    /// Sorted by character.
    other: Vec<(char, u32)>,
}

impl Peq {
    fn new(pattern: impl Iterator<Item = char>) -> Peq {
        let pattern: Vec<char> = pattern.collect();
        let blocks = pattern.len().div_ceil(W).max(1);
        let mut peq = Peq {
            len: pattern.len(),
            blocks,
            masks: vec![0; blocks],
            ascii: [0; 128],
            other: Vec::new(),
        };
        for (row, &c) in pattern.iter().enumerate() {
            let slot = match peq.slot(c) {
                0 => {
                    let slot = (peq.masks.len() / blocks) as u32;
                    peq.masks.extend(std::iter::repeat_n(0, blocks));
                    if c.is_ascii() {
                        peq.ascii[c as usize] = slot;
                    } else {
                        let at = peq.other.partition_point(|&(o, _)| o < c);
                        peq.other.insert(at, (c, slot));
                    }
                    slot
                }
                slot => slot,
            } as usize;
            peq.masks[slot * blocks + row / W] |= 1 << (row % W);
        }
        peq
    }

    fn slot(&self, c: char) -> u32 {
        if c.is_ascii() {
            self.ascii[c as usize]
        } else {
            self.other
                .binary_search_by_key(&c, |&(o, _)| o)
                .map_or(0, |i| self.other[i].1)
        }
    }

    fn masks(&self, c: char) -> &[u64] {
        let from = self.slot(c) as usize * self.blocks;
        &self.masks[from..from + self.blocks]
    }

    /// Number of pattern rows up to and including block `b`.
    fn rows_through(&self, b: usize) -> usize {
        ((b + 1) * W).min(self.len)
    }

    /// The bit of the block's bottom row, whose value is the one tracked in scores.
    fn last_row(&self, b: usize) -> u64 {
        1 << ((self.rows_through(b) - 1) % W)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// The O(n·m) dynamic programme the bit-parallel search must agree with: each cell holds
    /// (distance, start), so ties on distance keep the leftmost start.
    fn naive(text: &[char], pattern: &[char], max_errors: usize) -> Vec<Match> {
        let m = pattern.len();
        if m == 0 {
            return Vec::new();
        }
        let mut column: Vec<(usize, usize)> = (0..=m).map(|i| (i, 0)).collect();
        let mut next = column.clone();
        let mut matches = Vec::new();
        for j in 1..=text.len() {
            next[0] = (0, j);
            for i in 1..=m {
                let substitute = (
                    column[i - 1].0 + usize::from(pattern[i - 1] != text[j - 1]),
                    column[i - 1].1,
                );
                let skip_pattern = (next[i - 1].0 + 1, next[i - 1].1);
                let skip_text = (column[i].0 + 1, column[i].1);
                next[i] = substitute.min(skip_pattern).min(skip_text);
            }
            if next[m].0 <= max_errors {
                matches.push(Match {
                    start: next[m].1,
                    end: j,
                    errors: next[m].0,
                });
            }
            std::mem::swap(&mut column, &mut next);
        }
        matches
    }

    /// xorshift64*: deterministic, so a failure names a reproducible case.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn string(&mut self, alphabet: &[char], len: usize) -> Vec<char> {
            (0..len)
                .map(|_| alphabet[self.below(alphabet.len())])
                .collect()
        }

        /// A copy of `s` with about `rate` percent of its characters edited.
        fn mutate(&mut self, s: &[char], alphabet: &[char], rate: usize) -> Vec<char> {
            let mut out = Vec::with_capacity(s.len());
            for &c in s {
                if self.below(100) >= rate {
                    out.push(c);
                    continue;
                }
                match self.below(3) {
                    0 => out.push(alphabet[self.below(alphabet.len())]),
                    1 => {}
                    _ => out.extend([c, alphabet[self.below(alphabet.len())]]),
                }
            }
            out
        }
    }

    fn check(text: &[char], pattern: &[char], max_errors: usize) {
        let expected = naive(text, pattern, max_errors);
        let got = search(text, pattern, max_errors);
        if got != expected {
            panic!(
                "k={max_errors}\ntext={:?}\npattern={:?}\nfirst difference: {:?}",
                text.iter().collect::<String>(),
                pattern.iter().collect::<String>(),
                got.iter().zip(&expected).find(|(g, e)| g != e).map_or_else(
                    || format!("lengths {} vs {}", got.len(), expected.len()),
                    |(g, e)| format!("got {g:?}, expected {e:?}")
                )
            );
        }
    }

    #[test]
    fn agrees_with_dynamic_programming_on_generated_cases() {
        let alphabets: [&[char]; 3] = [
            &['a', 'b'],
            &['a', 'b', 'c', ' ', '中', '文', '’', '😀'],
            &chars("abcdefghijklmnopqrstuvwxyz .,’“”中文句子😀é"),
        ];
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        // The kinds of case below cycle with the case number (pattern length by 5, alphabet by
        // 3, planted copy by 2, error bound by 4): 600 cases, a multiple of their 60
        // combinations, give each combination ten random draws.
        for case in 0..600 {
            let alphabet = alphabets[case % alphabets.len()];
            let m = match case % 5 {
                0 => 1 + rng.below(8),
                1 => 60 + rng.below(10),
                2 => 120 + rng.below(20),
                3 => 190 + rng.below(4),
                _ => 1 + rng.below(200),
            };
            let n = rng.below(3 * m + 40);
            let pattern = rng.string(alphabet, m);
            let mut text = rng.string(alphabet, n);
            // Plant an edited copy so that long patterns have real matches, not only noise.
            if case % 2 == 0 {
                let rate = 5 + rng.below(30);
                let planted = rng.mutate(&pattern, alphabet, rate);
                let at = rng.below(text.len() + 1);
                text.splice(at..at, planted);
            }
            let max_errors = match case % 4 {
                0 => rng.below(m + 3),
                1 => m / 2,
                2 => rng.below(m / 4 + 1),
                _ => m + rng.below(3),
            };
            check(&text, &pattern, max_errors);
        }
    }

    #[test]
    fn block_boundaries() {
        let mut rng = Rng(42);
        let alphabet = ['x', 'y', 'z', '“', '”'];
        for m in [63, 64, 65, 127, 128, 129, 192, 256] {
            let pattern = rng.string(&alphabet, m);
            for rate in [0, 10, 40] {
                let mut text = rng.string(&alphabet, 100);
                text.extend(rng.mutate(&pattern, &alphabet, rate));
                text.extend(rng.string(&alphabet, 100));
                for max_errors in [0, 1, m / 8, m / 2, m] {
                    check(&text, &pattern, max_errors);
                }
            }
        }
    }

    #[test]
    fn exact_and_edited_occurrences() {
        let text = chars("Le “café” — 中文句子。The café’s 😀 menu, the cafe");
        let found = search(&text, &chars("café"), 0);
        let starts: Vec<usize> = found.iter().map(|m| m.start).collect();
        assert_eq!(starts, [4, 21]);
        assert!(found.iter().all(|m| m.end == m.start + 4 && m.errors == 0));

        let best = search(&text, &chars("中文句了。"), 1);
        assert!(best.contains(&Match {
            start: 12,
            end: 17,
            errors: 1
        }));
        let emoji = search(&text, &chars("’s 😀 m"), 0);
        assert_eq!(
            emoji,
            [Match {
                start: 25,
                end: 31,
                errors: 0
            }]
        );
    }

    #[test]
    fn degenerate_inputs() {
        let text = chars("abc");
        assert!(search(&text, &[], 3).is_empty());
        assert!(search(&[], &chars("abc"), 3).is_empty());
        assert!(search(&text, &chars("abcdef"), 2).is_empty());
        assert_eq!(
            search(&text, &chars("abcdef"), 3),
            [Match {
                start: 0,
                end: 3,
                errors: 3
            }]
        );
        // Allowing the whole pattern's length in errors matches everywhere, if only emptily.
        assert_eq!(search(&text, &chars("xy"), 2).len(), 3);
    }
}
