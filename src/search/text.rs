//! The text of a rendered page, for the index: what is inside `<main>`, tags removed, character
//! references decoded, whitespace collapsed. Accord writes the HTML itself, so a scan that knows
//! its shape is enough (no parser): it runs in the rendering threads, once per page.

use std::cell::RefCell;

use memchr::memmem;

/// Elements whose content is not text a reader searches.
const SKIPPED: &[&str] = &["script", "style", "svg", "template", "noscript"];

/// The first `<h1>`'s text and the text of `<main>` (the whole document if it has none).
pub fn main_text(html: &[u8]) -> (String, String) {
    let html = crate::source::utf8_lossy(html);
    let start = memmem::find(html.as_bytes(), b"<main").unwrap_or(0);
    let end = memmem::rfind(html.as_bytes(), b"</main>").unwrap_or(html.len());
    let main = &html[start..end.max(start)];
    let heading = memmem::find(main.as_bytes(), b"<h1")
        .and_then(|at| {
            let close = memmem::find(&main.as_bytes()[at..], b"</h1>")?;
            Some(html_text(&main[at..at + close]))
        })
        .unwrap_or_default();
    (heading, html_text(main))
}

/// `html` as text: tags become spaces, the content of [`SKIPPED`] elements goes, character
/// references are decoded, and runs of whitespace become one space.
pub fn html_text(html: &str) -> String {
    // The text is built in a buffer each rendering thread reuses and kept at its exact size:
    // the index holds every page's text until the end of the build, and a string grown in place
    // would keep its spare capacity (or, shrunk, leave holes between the pages' buffers).
    thread_local! {
        static BUFFER: RefCell<String> = const { RefCell::new(String::new()) };
    }
    BUFFER.with_borrow_mut(|out| {
        out.clear();
        push_html_text(html, out);
        out.as_str().to_owned()
    })
}

/// Appends [`html_text`]'s text of `html` to `out`.
fn push_html_text(html: &str, out: &mut String) {
    let mut rest = html;
    let mut space = true;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            push_text(out, rest, &mut space);
            break;
        };
        push_text(out, &rest[..lt], &mut space);
        rest = &rest[lt..];
        let tag_end = rest.find('>').map_or(rest.len(), |at| at + 1);
        let tag = &rest[..tag_end];
        rest = &rest[tag_end..];
        if let Some(name) = SKIPPED.iter().find(|name| opens(tag, name)) {
            let close = ["</", name].concat();
            rest = rest
                .find(close.as_str())
                .map_or("", |at| &rest[at..])
                .split_once('>')
                .map_or("", |(_, after)| after);
        }
        if !space {
            out.push(' ');
            space = true;
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
}

/// How many words `text` has, as `text.split_whitespace().count()` counts them, eight bytes at
/// a time (that count decodes every character, and was most of the time of making a page's
/// fragment): a character outside ASCII is decoded only when it can be white space, which in
/// UTF-8 starts with 0xC2 or 0xE1 to 0xE3.
pub fn word_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut in_word = false;
    let mut at = 0;
    while at < bytes.len() {
        let next = at + maybe_white(&bytes[at..]);
        if next > at {
            count += usize::from(!in_word);
            in_word = true;
            at = next;
        }
        let Some(&byte) = bytes.get(at) else {
            break;
        };
        let (white, length) = match byte {
            b'\t'..=b'\r' | b' ' => (true, 1),
            0xC2 | 0xE0..=0xE3 => match text.get(at..).and_then(|rest| rest.chars().next()) {
                Some(c) if c.is_whitespace() => (true, c.len_utf8()),
                _ => (false, 1),
            },
            _ => (false, 1),
        };
        if !white && !in_word {
            count += 1;
        }
        in_word = !white;
        at += length;
    }
    count
}

/// Where the first byte that may be or begin white space is in `bytes` (at or below the space,
/// 0xC2, 0xE0 to 0xE3), eight bytes at a time; its length if there is none.
fn maybe_white(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte below `n` (at most 0x80) sets its high bit; only bytes after the first such byte
    // can be set wrongly, by the borrow, so the lowest set bit is exact.
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH;
    let mut at = 0;
    while let Some(word) = bytes.get(at..at + 8) {
        let mut eight = [0; 8];
        eight.copy_from_slice(word);
        let x = u64::from_le_bytes(eight);
        let found = below(x, 0x21) | below(x ^ (ONES * 0xC2), 1) | below(x ^ (ONES * 0xE0), 4);
        if found != 0 {
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    at + bytes[at..]
        .iter()
        .position(|&byte| byte <= b' ' || byte == 0xC2 || (0xE0..=0xE3).contains(&byte))
        .unwrap_or(bytes.len() - at)
}

/// Whether `tag` opens the element `name` (`<svg`, `<svg ...>`).
fn opens(tag: &str, name: &str) -> bool {
    tag.len() > name.len() + 1
        && tag[1..].starts_with(name)
        && matches!(tag.as_bytes()[name.len() + 1], b' ' | b'>' | b'/' | b'\n')
}

/// Appends text between tags, decoding references and collapsing whitespace.
fn push_text(out: &mut String, text: &str, space: &mut bool) {
    let mut rest = text;
    while !rest.is_empty() {
        let (chunk, after) = match rest.find('&') {
            Some(at) => (&rest[..at], &rest[at..]),
            None => (rest, ""),
        };
        push_plain(out, chunk, space);
        rest = after;
        if rest.is_empty() {
            break;
        }
        // A reference is short: look for its `;` in the next few bytes (a byte offset of an
        // ASCII `;` is always a character boundary).
        let semicolon = rest.bytes().take(12).position(|byte| byte == b';');
        match semicolon.and_then(|at| Some((decode(&rest[1..at])?, at))) {
            Some((c, at)) => {
                push_plain(out, c.encode_utf8(&mut [0; 4]), space);
                rest = &rest[at + 1..];
            }
            None => {
                push_plain(out, "&", space);
                rest = &rest[1..];
            }
        }
    }
}

/// Appends `text`, collapsing ASCII whitespace (runs between whitespace are copied whole: an
/// ASCII byte is always a character boundary).
fn push_plain(out: &mut String, text: &str, space: &mut bool) {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let run = at + low_byte(&bytes[at..]);
        if run > at {
            out.push_str(&text[at..run]);
            *space = false;
        }
        at = run;
        while let Some(&byte) = bytes.get(at).filter(|&&byte| byte <= b' ') {
            if byte.is_ascii_whitespace() {
                if !*space {
                    out.push(' ');
                    *space = true;
                }
            } else {
                out.push(char::from(byte));
                *space = false;
            }
            at += 1;
        }
    }
}

/// Where the first byte at or below the space is in `bytes` (its length if none), looked for
/// eight bytes at a time: every page's text goes through here, and byte by byte it was a twentieth
/// of the build.
fn low_byte(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut at = 0;
    while let Some(word) = bytes.get(at..at + 8) {
        let mut eight = [0; 8];
        eight.copy_from_slice(word);
        let x = u64::from_le_bytes(eight);
        // A byte below 0x21 sets its high bit here (bytes of 0x80 and above never do); only
        // bytes after the first such byte can be set wrongly, by the borrow.
        let below = x.wrapping_sub(ONES * 0x21) & !x & HIGH;
        if below != 0 {
            return at + (below.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    at + bytes[at..]
        .iter()
        .position(|&byte| byte <= b' ')
        .unwrap_or(bytes.len() - at)
}

/// A character reference's name or number (without `&` and `;`).
fn decode(reference: &str) -> Option<char> {
    if let Some(number) = reference.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match reference {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_low_byte_is_found_in_any_position_after_any_bytes() {
        let fillers: [&[u8]; 3] = [b"abcdefghijklmnopq", "ضصثقفغعهخحج".as_bytes(), b"\x7f~!"];
        for filler in fillers {
            for length in 0..filler.len() {
                for low in [b' ', b'\n', b'\t', 0, 0x20, 0x1f] {
                    let mut bytes = filler[..length].to_vec();
                    bytes.push(low);
                    bytes.extend_from_slice(b"x \n y");
                    assert_eq!(low_byte(&bytes), length, "{bytes:?}");
                }
                assert_eq!(low_byte(&filler[..length]), length);
            }
        }
    }

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        let texts = [
            "",
            " ",
            "one",
            " two  words ",
            "a\u{b}b\u{c}c\rd\u{1c}e",
            "no\u{a0}break\u{2003}em\u{3000}ideographic\u{85}next\u{1680}ogham",
            "«الاتفاقية» — تصديق،  ٢٠٢٥\u{200b}zero-width\u{202f}narrow",
            "Ã Â¢ á á€ ⁂ ㄱ",
            "ऄ longer than eight bytes\u{2028}and\u{2029}more words   in   a   row\u{a0}",
        ];
        for text in texts {
            assert_eq!(
                word_count(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
            // At every offset, so each byte meets the eight-byte scan in every position.
            for start in (0..text.len()).filter(|&at| text.is_char_boundary(at)) {
                let part = &text[start..];
                assert_eq!(
                    word_count(part),
                    part.split_whitespace().count(),
                    "{part:?}"
                );
            }
        }
    }

    #[test]
    fn whitespace_is_collapsed_and_control_characters_kept() {
        let mut out = String::new();
        let mut space = true;
        push_plain(&mut out, "  a\n\n b\u{1}c\t\r\nالاتفاقية   end ", &mut space);
        assert_eq!(out, "a b\u{1}c الاتفاقية end ");
        assert!(space);
    }

    #[test]
    fn text_of_main_without_tags_scripts_or_svg() {
        let html = b"<html><nav>Menu</nav><main><h1>Morocco &amp; the <em>treaty</em></h1>\n<svg><text>map</text></svg><p>It&#39;s   signed.</p><script>x()</script></main><footer>f</footer>";
        let (heading, text) = main_text(html);
        assert_eq!(heading, "Morocco & the treaty");
        assert_eq!(text, "Morocco & the treaty It's signed.");
    }
}
