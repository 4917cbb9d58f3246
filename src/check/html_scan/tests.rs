//! The scanner against lol_html, on tricky and on random markup.

use rustc_hash::FxHashSet as HashSet;

use lol_html::{HtmlRewriter, Settings, element};

use crate::check::links::{PageLinks, decode_entities, extract};

/// The link check's extraction as it was, through lol_html's selectors.
fn extract_with_lol_html(html: &str) -> PageLinks {
    let mut links = Vec::new();
    let mut anchors: HashSet<String> = HashSet::default();
    {
        let settings = Settings::new()
            .append_element_content_handler(element!("[href], [src]", |el| {
                for name in ["href", "src"] {
                    if let Some(value) = el.get_attribute(name) {
                        links.push(decode_entities(&value));
                    }
                }
                Ok(())
            }))
            .append_element_content_handler(element!("[id], a[name]", |el| {
                for name in ["id", "name"] {
                    if let Some(value) = el.get_attribute(name) {
                        anchors.insert(decode_entities(&value));
                    }
                }
                Ok(())
            }));
        let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
        // `end` panics after a failed `write` (strict mode's stop): the old check did.
        if rewriter.write(html.as_bytes()).is_ok() {
            let _ = rewriter.end();
        }
    }
    PageLinks::from_lists(
        links.iter().map(String::as_str),
        anchors.iter().map(String::as_str),
    )
}

const TRICKY: &[&str] = &[
    r#"<a href="x">"#,
    r#"<A HREF='y' Id=top>"#,
    r#"<a href=z id=q name=n>"#,
    r#"<a href="1" href="2" src=3 SRC=4>"#,
    r#"<a name=only></a><div name=not-an-anchor></div><input id=i name=q>"#,
    r#"<img src="a.png" alt="x > y" title='it"s'>"#,
    r#"<a href = "spaced" >"#,
    r#"<a href="x"id="y"/>"#,
    r#"<br/><img src=u/><img src=v />"#,
    r#"<a href="&amp;&lt;&gt;&quot;&#39;&#x27;&nbsp;&amp;quot;">"#,
    "<a href=\"\u{feff}bom\" id=\"\u{feff}b\">",
    "<a\thref=tab\nid=nl\x0cname=ff\rsrc=cr>",
    r#"<!-- <a href="c1"> --><a href=after1>"#,
    r#"<!--><a href=after2>"#,
    r#"<!---><a href=after3>"#,
    r#"<!----><a href=after4>"#,
    r#"<!-- --!><a href=after5>"#,
    r#"<!-- <!-- nested --> <a href=after6>"#,
    r#"<!-- -- > --- > <a href=in-comment> --><a href=after7>"#,
    r#"<!-- unterminated <a href=lost>"#,
    r#"<!DOCTYPE html><a href=after-doctype>"#,
    r#"<!doctype html "-//W3C//DTD x>y" ><a href=dt2>"#,
    r#"<!bogus <a href=b1>><a href=b2>"#,
    r#"<?php <a href=p1> ?><a href=p2>"#,
    r#"</ <a href=e1>><a href=e2></><a href=e3>"#,
    r#"</div foo="a>b" id=no><a href=e4>"#,
    r#"<![CDATA[<a href=c1>]]><a href=c2>"#,
    r#"<svg><![CDATA[<a href=c3>]]><a href=c4></svg><![CDATA[<a href=c5>]]>"#,
    r#"<script>var a = "<a href='s1'>"; </scriptx> </script><a href=s2>"#,
    r#"<script><!-- <script> </script> <a href=s3> </script> --> </script><a href=s4>"#,
    r#"<script><!-- <a href=s5> --> </script><a href=s6>"#,
    r#"<script><!--<script></script>--></script><a href=s7>"#,
    r#"<script><!-- <script> --> <a href=s8> </script><a href=s9>"#,
    r#"<SCRIPT type="x">a</Script ><a href=s10>"#,
    r#"<script></script foo="a>b"><a href=s11>"#,
    r#"<script a=>text <a href=s12></script><a href=s13>"#,
    r#"<style>a[href=x] { } <a href=st1></style><a href=st2>"#,
    r#"<style></style2><a href=st3></style><a href=st4>"#,
    r#"<textarea><a href=t1></textarea><a href=t2>"#,
    r#"<title><a href=t3></title ><a href=t4>"#,
    r#"<title/><a href=t5></title><a href=t6>"#,
    r#"<noscript><a href=n1></noscript><a href=n2>"#,
    r#"<iframe><a href=i1></iframe><xmp><a href=i2></xmp><a href=i3>"#,
    r#"<svg><style><a href=v1></style><title><a href=v2></title><a href=v3></svg>"#,
    r#"<svg><title><style><a href=v4></style></title><style><a href=v5></style></svg>"#,
    r#"<svg><desc/><script><a href=v6></script></svg><script><a href=v7></script>"#,
    r#"<svg><p><style><a href=v8></style><a href=v9>"#,
    r#"<svg/><style><a href=v10></style><a href=v11>"#,
    r#"<svg><font color=red><style><a href=v12></style>"#,
    r#"<svg><font><style><a href=v13></style>"#,
    r#"<math><mi><style><a href=m1></style></mi><style><a href=m2></style></math>"#,
    r#"<math><annotation-xml encoding="text/html"><style><a href=m3></style></annotation-xml><style><a href=m4></style>"#,
    r#"<svg><foreignObject><p><textarea><a href=f1></textarea></foreignObject><a name=f2></svg>"#,
    r#"<svg><a href=sa name=sn></a><A NAME=sn2 /></svg>"#,
    r#"<select><option><style><a href=x1></style></select><a href=x2>"#,
    r#"<select><script><a href=x3></script></select><a href=x4>"#,
    r#"<select><template><script></script></template></select><a href=x5>"#,
    r#"<frameset><noframes><a href=x6></noframes><style></style><a href=x7>"#,
    r#"<plaintext><a href=pt>"#,
    r#"<a href="unterminated"#,
    r#"<a href=x"#,
    r#"<a/b href=c><a =x href=d><a "q"=1 href=e>"#,
    r#"<a href=x/><a href=y//><a / href=z>"#,
    r##"<h1 id="لماذا-يهم">x</h1><a href="#%D9%84">"##,
    "<a href=\"a\0b\" id=\"\0\"><a\0 name=zero>",
    r#"<a id="">empty</a><a href="">"#,
    r#"< a href=no><a<b href=odd>"#,
];

fn assert_same(html: &str) {
    let new = extract(html);
    let old = extract_with_lol_html(html);
    assert_eq!(new, old, "on {html:?}");
}

#[test]
fn reads_tricky_markup_as_lol_html_does() {
    for html in TRICKY {
        assert_same(html);
    }
    assert_same(&TRICKY.concat());
}

#[test]
fn reads_random_markup_as_lol_html_does() {
    let pieces: Vec<&str> = TRICKY
        .iter()
        .flat_map(|html| html.split_inclusive(['>', ' ', '"', '\'', '-']))
        .chain([
            "<",
            ">",
            "</",
            "/>",
            "=",
            "\"",
            "'",
            "--",
            "-->",
            "<!--",
            "<!",
            "]]>",
            "<svg>",
            "</svg>",
            "<math>",
            "</p>",
            "<script>",
            "</script>",
            "<style>",
            "</style>",
            "<title>",
            "</title>",
            "<a href=",
            "x",
            " ",
            "id=",
            "<![CDATA[",
            "<select>",
            "</select>",
            "<template>",
            "</template>",
            "<desc>",
            "</desc>",
            "<br>",
        ])
        .collect();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..30_000 {
        let count = 1 + next() % 16;
        let html: String = (0..count)
            .map(|_| pieces[(next() % pieces.len() as u64) as usize])
            .collect();
        assert_same(&html);
    }
}
