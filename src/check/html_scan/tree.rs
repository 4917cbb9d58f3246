//! lol_html's simulation of the tree builder, which tells the tokenizer where text is raw, where
//! CDATA is allowed (in SVG and MathML) and where strict mode stops.

use super::{Stop, Text};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Namespace {
    Html,
    Svg,
    MathMl,
}

/// lol_html's ambiguity guard (strict mode).
#[derive(Clone, Copy)]
enum Guard {
    Default,
    InSelect,
    InTemplateInSelect(u64),
    InOrAfterFrameset,
}

/// The state the tokenizer needs from the tree builder.
pub(super) struct TreeBuilder {
    namespaces: Vec<Namespace>,
    cdata_allowed: bool,
    guard: Guard,
}

impl TreeBuilder {
    pub(super) fn new() -> TreeBuilder {
        TreeBuilder {
            namespaces: vec![Namespace::Html],
            cdata_allowed: false,
            guard: Guard::Default,
        }
    }

    /// Whether `<![CDATA[` starts a CDATA section (in foreign content) rather than a comment.
    pub(super) fn cdata_allowed(&self) -> bool {
        self.cdata_allowed
    }

    /// A start tag (`name` lowercased): the text state after it, or where strict mode stops.
    pub(super) fn start_tag(
        &mut self,
        name: &[u8],
        self_closing: bool,
        attributes: &[(&str, &str)],
    ) -> Result<Text, Stop> {
        self.guard_start(name)?;
        Ok(self.start_tag_feedback(name, self_closing, attributes))
    }

    /// An end tag (`name` lowercased).
    pub(super) fn end_tag(&mut self, name: &[u8]) {
        self.guard_end(name);
        self.end_tag_feedback(name);
    }
}

impl TreeBuilder {
    fn guard_start(&mut self, name: &[u8]) -> Result<(), Stop> {
        match self.guard {
            Guard::Default => match name {
                b"select" => self.guard = Guard::InSelect,
                b"frameset" => self.guard = Guard::InOrAfterFrameset,
                _ => {}
            },
            Guard::InSelect => match name {
                b"select" | b"textarea" | b"input" | b"keygen" => self.guard = Guard::Default,
                b"template" => self.guard = Guard::InTemplateInSelect(1),
                b"script" => {}
                _ if switches_text(name) => return Err(Stop),
                _ => {}
            },
            Guard::InTemplateInSelect(depth) => match name {
                b"template" => self.guard = Guard::InTemplateInSelect(depth + 1),
                _ if switches_text(name) => return Err(Stop),
                _ => {}
            },
            Guard::InOrAfterFrameset => {
                if name != b"noframes" && switches_text(name) {
                    return Err(Stop);
                }
            }
        }
        Ok(())
    }

    fn guard_end(&mut self, name: &[u8]) {
        match (self.guard, name) {
            (Guard::InSelect, b"select") => self.guard = Guard::Default,
            (Guard::InTemplateInSelect(depth), b"template") => {
                self.guard = if depth == 1 {
                    Guard::InSelect
                } else {
                    Guard::InTemplateInSelect(depth - 1)
                };
            }
            _ => {}
        }
    }

    fn current(&self) -> Namespace {
        self.namespaces.last().copied().unwrap_or(Namespace::Html)
    }

    fn enter(&mut self, namespace: Namespace) {
        self.namespaces.push(namespace);
        self.cdata_allowed = namespace != Namespace::Html;
    }

    fn leave(&mut self) {
        // The bottom entry stays, as lol_html's stack is never empty in practice.
        if self.namespaces.len() > 1 {
            self.namespaces.pop();
        }
        self.cdata_allowed = self.current() != Namespace::Html;
    }

    fn start_tag_feedback(
        &mut self,
        name: &[u8],
        self_closing: bool,
        attributes: &[(&str, &str)],
    ) -> Text {
        match name {
            b"svg" => self.enter(Namespace::Svg),
            b"math" => self.enter(Namespace::MathMl),
            // Only HTML elements hold raw text (`<svg><style>` holds tags).
            _ if self.current() == Namespace::Html => {
                return match name {
                    b"textarea" | b"title" => Text::RcData,
                    b"plaintext" => Text::Plain,
                    b"script" => Text::Script,
                    b"style" | b"iframe" | b"xmp" | b"noembed" | b"noframes" | b"noscript" => {
                        Text::Raw
                    }
                    _ => Text::Data,
                };
            }
            _ => self.foreign_start_tag(name, self_closing, attributes),
        }
        Text::Data
    }

    fn foreign_start_tag(&mut self, name: &[u8], self_closing: bool, attributes: &[(&str, &str)]) {
        let current = self.current();
        if leaves_foreign_content(name) {
            return self.leave();
        }
        if current == Namespace::Svg && svg_html_point(name)
            || current == Namespace::MathMl && math_text_point(name)
        {
            if !self_closing {
                self.enter(Namespace::Html);
            }
            return;
        }
        if name == b"font" {
            let presentational = attributes.iter().any(|(attribute, _)| {
                ["color", "size", "face"]
                    .iter()
                    .any(|known| attribute.eq_ignore_ascii_case(known))
            });
            if presentational {
                self.leave();
            }
            return;
        }
        if current == Namespace::MathMl && !self_closing && name == b"annotation-xml" {
            let html = attributes.iter().any(|(attribute, value)| {
                attribute.eq_ignore_ascii_case("encoding")
                    && (value.eq_ignore_ascii_case("text/html")
                        || value.eq_ignore_ascii_case("application/xhtml+xml"))
            });
            if html {
                self.enter(Namespace::Html);
            }
        }
    }

    fn end_tag_feedback(&mut self, name: &[u8]) {
        let current = self.current();
        if current == Namespace::Html {
            let depth = self.namespaces.len();
            if depth < 2 {
                return;
            }
            let outer = self.namespaces[depth - 2];
            if outer == Namespace::MathMl && (math_text_point(name) || name == b"annotation-xml")
                || outer == Namespace::Svg && svg_html_point(name)
            {
                self.leave();
            }
        } else if current == Namespace::Svg && name == b"svg"
            || current == Namespace::MathMl && name == b"math"
            || matches!(name, b"p" | b"br")
        {
            self.leave();
        }
    }
}

fn switches_text(name: &[u8]) -> bool {
    matches!(
        name,
        b"textarea"
            | b"title"
            | b"plaintext"
            | b"script"
            | b"style"
            | b"iframe"
            | b"xmp"
            | b"noembed"
            | b"noframes"
            | b"noscript"
    )
}

fn leaves_foreign_content(name: &[u8]) -> bool {
    matches!(
        name,
        b"b" | b"big"
            | b"blockquote"
            | b"body"
            | b"br"
            | b"center"
            | b"code"
            | b"dd"
            | b"div"
            | b"dl"
            | b"dt"
            | b"em"
            | b"embed"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"head"
            | b"hr"
            | b"i"
            | b"img"
            | b"li"
            | b"listing"
            | b"menu"
            | b"meta"
            | b"nobr"
            | b"ol"
            | b"p"
            | b"pre"
            | b"ruby"
            | b"s"
            | b"small"
            | b"span"
            | b"strong"
            | b"strike"
            | b"sub"
            | b"sup"
            | b"table"
            | b"tt"
            | b"u"
            | b"ul"
            | b"var"
    )
}

fn math_text_point(name: &[u8]) -> bool {
    matches!(name, b"mi" | b"mo" | b"mn" | b"ms" | b"mtext")
}

fn svg_html_point(name: &[u8]) -> bool {
    matches!(name, b"desc" | b"title" | b"foreignobject")
}
