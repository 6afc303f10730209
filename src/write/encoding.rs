//! Text to bytes in the encoding a file came in (or was asked for): UTF-8 with or without a byte
//! order mark, UTF-16 LE or BE with one, and LF or CRLF line ends.

use crate::source::Encoding;

/// Encodes `text` (with `\n` line ends) as `encoding`, turning line ends into CRLF when `crlf`.
pub fn encode(text: &str, encoding: Encoding, crlf: bool) -> Vec<u8> {
    let text = if crlf {
        text.replace("\r\n", "\n").replace('\n', "\r\n")
    } else {
        text.to_owned()
    };
    match encoding {
        Encoding::Utf8 => text.into_bytes(),
        Encoding::Utf8Bom => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
        Encoding::Utf16Le => {
            let mut out = vec![0xFF, 0xFE];
            out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            out
        }
        Encoding::Utf16Be => {
            let mut out = vec![0xFE, 0xFF];
            out.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::decode;

    #[test]
    fn every_encoding_decodes_back_to_the_same_text() {
        let text = "<a>é &amp; 𝄞</a>\n<b/>\n";
        for enc in [
            Encoding::Utf8,
            Encoding::Utf8Bom,
            Encoding::Utf16Le,
            Encoding::Utf16Be,
        ] {
            for crlf in [false, true] {
                let bytes = encode(text, enc, crlf);
                let d = decode(0, "x", &bytes);
                assert_eq!(d.file.encoding, enc);
                assert_eq!(d.file.crlf, crlf);
                assert_eq!(d.file.text.replace("\r\n", "\n"), text);
            }
        }
    }
}
