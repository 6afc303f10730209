//! A bound roxmltree does not enforce: namespace prefixes in scope at once. roxmltree copies the
//! in-scope declarations into every element that adds one and searches them linearly for every
//! prefixed name, so a file declaring thousands of prefixes on nested elements and then using them
//! on many elements takes minutes (15 MB: over two minutes, measured). Security files declare two
//! or three. The count here is taken without parsing, so it also holds for broken markup.

/// Most namespace declarations in scope at once that secgov reads (the scanner uses the same bound).
pub const MAX_NAMESPACES: usize = 64;

/// Where the number of declarations in scope first passes [`MAX_NAMESPACES`], if it does.
pub(crate) fn too_many_namespaces(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut open: Vec<usize> = Vec::new();
    let mut in_scope = 0usize;
    let mut i = 0;
    while let Some(j) = memchr::memchr(b'<', &b[i..]) {
        let lt = i + j;
        match b.get(lt + 1) {
            Some(b'/') => {
                in_scope -= open.pop().unwrap_or(0);
                i = lt + 2;
            }
            Some(b'!' | b'?') | None => i = lt + 1,
            Some(_) => {
                let (end, declarations) = start_tag(b, lt);
                if in_scope + declarations.len() > MAX_NAMESPACES {
                    let k = MAX_NAMESPACES.saturating_sub(in_scope);
                    return Some(declarations.get(k).copied().unwrap_or(lt));
                }
                if b.get(end.wrapping_sub(1)) != Some(&b'/') {
                    in_scope += declarations.len();
                    open.push(declarations.len());
                }
                i = end + 1;
                if i > b.len() {
                    return None;
                }
            }
        }
    }
    None
}

/// The position of the `>` ending the tag starting at `lt` (quotes respected; the end of the text
/// if there is none) and the offsets of its `xmlns` / `xmlns:p` attributes.
fn start_tag(b: &[u8], lt: usize) -> (usize, Vec<usize>) {
    let mut declarations = Vec::new();
    let mut quote = None;
    let mut i = lt + 1;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => return (i, declarations),
            None if c.is_ascii_whitespace() && b[i + 1..].starts_with(b"xmlns") => {
                if matches!(
                    b.get(i + 6),
                    Some(b':' | b'=' | b' ' | b'\t' | b'\r' | b'\n')
                ) {
                    declarations.push(i + 1);
                }
            }
            None => {}
        }
        i += 1;
    }
    (b.len(), declarations)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_are_counted_while_in_scope() {
        let decls = |n: usize| {
            (0..n)
                .map(|k| format!(" xmlns:p{k}='u{k}'"))
                .collect::<String>()
        };
        let ok = format!("<a{}><b{}/></a><c{}/>", decls(40), decls(24), decls(60));
        assert_eq!(too_many_namespaces(&ok), None);
        let bad = format!("<a{}><b{}/></a>", decls(40), decls(25));
        let at = too_many_namespaces(&bad).unwrap();
        assert!(bad[at..].starts_with("xmlns:p24="), "{}", &bad[at..at + 12]);
    }

    #[test]
    fn broken_markup_is_counted_without_panicking() {
        for text in [
            "<",
            "<a",
            "</",
            "<a xmlns",
            "<a '>",
            "</a></b><c>",
            "<a xmlns:p='1'",
        ] {
            let _ = too_many_namespaces(text);
        }
    }
}
