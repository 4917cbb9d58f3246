//! Script data: a `<script>` element's text ends at `</script>`, except inside `<!--` where a
//! `<script>` opens a "double escaped" stretch that a `</script>` only closes.

use memchr::memchr2;

use super::{Scanner, StartTag, Stop, is_space};

impl<'a> Scanner<'a> {
    pub(super) fn script_data(
        &mut self,
        at: usize,
        visit: &mut impl FnMut(&StartTag<'a, '_>),
    ) -> Result<usize, Stop> {
        let open = self.find_byte(at, b'<').ok_or(Stop)?;
        match self.byte(open + 1).ok_or(Stop)? {
            b'/' => {
                let found = self.appropriate_end_tag(open + 2, visit)?;
                Ok(found.unwrap_or(open + 2))
            }
            b'!' if self.starts_with(open + 2, b"--", false) => {
                self.script_escaped(open + 4, true, visit)
            }
            _ => Ok(open + 1),
        }
    }

    /// Script data after `<!--`, from `at` (just after dashes if `dashes`): where script data
    /// resumes, or the end of the closing tag.
    fn script_escaped(
        &mut self,
        mut at: usize,
        mut dashes: bool,
        visit: &mut impl FnMut(&StartTag<'a, '_>),
    ) -> Result<usize, Stop> {
        loop {
            if dashes {
                while self.byte(at).ok_or(Stop)? == b'-' {
                    at += 1;
                }
                dashes = false;
                match self.byte(at).ok_or(Stop)? {
                    b'>' => return Ok(at),
                    b'<' => {}
                    _ => {
                        at += 1;
                        continue;
                    }
                }
            } else {
                let rest = self.bytes.get(at..).ok_or(Stop)?;
                at += memchr2(b'-', b'<', rest).ok_or(Stop)?;
                if self.byte(at) == Some(b'-') {
                    if self.byte(at + 1).ok_or(Stop)? == b'-' {
                        dashes = true;
                        at += 2;
                    } else {
                        at += 1;
                    }
                    continue;
                }
            }
            // At `<`.
            let after = at + 1;
            if self.starts_with(after, b"script", true) {
                let next = self.byte(after + 6).ok_or(Stop)?;
                if is_space(next) || next == b'/' || next == b'>' {
                    match self.script_double_escaped(after + 7)? {
                        Resume::Escaped(next) => at = next,
                        Resume::ScriptData(next) => return Ok(next),
                    }
                } else {
                    at = after + 6;
                }
            } else if self.byte(after).ok_or(Stop)? == b'/' {
                if let Some(end) = self.appropriate_end_tag(after + 1, visit)? {
                    return Ok(end);
                }
                at = after + 1;
            } else {
                at = after;
            }
        }
    }

    /// Script data double escaped (after `<script` in escaped script data), from `at`.
    fn script_double_escaped(&self, mut at: usize) -> Result<Resume, Stop> {
        loop {
            let rest = self.bytes.get(at..).ok_or(Stop)?;
            at += memchr2(b'-', b'<', rest).ok_or(Stop)?;
            if self.byte(at) == Some(b'-') {
                if self.byte(at + 1).ok_or(Stop)? != b'-' {
                    at += 1;
                    continue;
                }
                at += 2;
                while self.byte(at).ok_or(Stop)? == b'-' {
                    at += 1;
                }
                match self.byte(at).ok_or(Stop)? {
                    b'>' => return Ok(Resume::ScriptData(at)),
                    b'<' => {}
                    _ => {
                        at += 1;
                        continue;
                    }
                }
            }
            // At `<`.
            at += 1;
            if self.byte(at).ok_or(Stop)? != b'/' {
                continue;
            }
            at += 1;
            if self.starts_with(at, b"script", true) {
                let next = self.byte(at + 6).ok_or(Stop)?;
                if is_space(next) || next == b'/' || next == b'>' {
                    return Ok(Resume::Escaped(at + 7));
                }
                at += 6;
            }
        }
    }
}

enum Resume {
    Escaped(usize),
    ScriptData(usize),
}
