//! Counts said in words that agree with them: "1 document", "2 documents", "0 matches".

/// `n` and `noun` (singular, English), the noun in the plural unless `n` is 1: "1 file",
/// "3 files", "2 matches", "4 entries", "0 annotations". The plural is made by the regular
/// rules (-s, -es after s/x/z/ch/sh, -ies after a consonant and y); the nouns the messages
/// count all follow them.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        return format!("1 {noun}");
    }
    format!("{n} {}", plural(noun))
}

fn plural(noun: &str) -> String {
    let sibilant = ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| noun.ends_with(e));
    if sibilant {
        return format!("{noun}es");
    }
    let mut letters = noun.chars().rev();
    if let (Some('y'), Some(before)) = (letters.next(), letters.next())
        && !"aeiou".contains(before)
    {
        return format!("{}ies", &noun[..noun.len() - 1]);
    }
    format!("{noun}s")
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn one_is_singular() {
        assert_eq!(count(1, "document"), "1 document");
        assert_eq!(count(1, "match"), "1 match");
        assert_eq!(count(1, "entry"), "1 entry");
    }

    #[test]
    fn zero_and_many_are_plural() {
        assert_eq!(count(0, "annotation"), "0 annotations");
        assert_eq!(count(2, "file"), "2 files");
        assert_eq!(count(12_000, "link"), "12000 links");
    }

    #[test]
    fn regular_plural_endings() {
        assert_eq!(count(2, "match"), "2 matches");
        assert_eq!(count(3, "box"), "3 boxes");
        assert_eq!(count(3, "bus"), "3 buses");
        assert_eq!(count(2, "entry"), "2 entries");
        assert_eq!(count(2, "key"), "2 keys");
        assert_eq!(count(2, "annotation file"), "2 annotation files");
    }
}
