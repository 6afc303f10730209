//! What a `<` starts, told without parsing: a comment, CDATA section or processing instruction
//! (whose content is not markup), a DOCTYPE, or a tag. Shared by the code that reads XML text
//! without building the tree, so that none of it takes markup quoted in a comment for a tag: the
//! bounds and reference checks before roxmltree (`limits.rs`, `references.rs`).

/// What a `<` starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Literal {
    /// A comment, CDATA section or processing instruction: what it quotes is not markup. The
    /// offset just past it (the end of the text when it is not closed).
    Skip(usize),
    /// `<!` opening neither a comment nor a CDATA section (a DOCTYPE, or broken markup): roxmltree
    /// refuses the file there, so nothing after it is ever parsed (a DOCTYPE's entity values may
    /// quote start tags and references that are not markup).
    Stop,
    /// A start or end tag (or a stray `<`).
    Markup,
}

/// What the `<` at `lt` starts.
pub(crate) fn literal(b: &[u8], lt: usize) -> Literal {
    let rest = &b[lt..];
    let (from, end): (usize, &[u8]) = if rest.starts_with(b"<!--") {
        (lt + 4, b"-->")
    } else if rest.starts_with(b"<![CDATA[") {
        (lt + 9, b"]]>")
    } else if rest.starts_with(b"<?") {
        (lt + 2, b"?>")
    } else if rest.starts_with(b"<!") {
        return Literal::Stop;
    } else {
        return Literal::Markup;
    };
    Literal::Skip(match memchr::memmem::find(&b[from..], end) {
        Some(k) => from + k + end.len(),
        None => b.len(),
    })
}
