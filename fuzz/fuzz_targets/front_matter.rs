//! The front-matter parser on arbitrary text: never panics, and the body
//! starts on a char boundary inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let (meta, body_start) = parole::corpus::parse_front_matter(text);
    assert!(body_start <= text.len() && text.is_char_boundary(body_start));
    if body_start == 0 {
        assert!(meta.is_empty());
    }
});
