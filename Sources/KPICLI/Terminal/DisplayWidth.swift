/// Columns text takes in a terminal, so emoji, Chinese and Latin text line up in tables
/// (docs/format.md, "Text kpi shows"). Each grapheme cluster is drawn as one glyph:
/// two columns when its first code point is East Asian Wide or Fullwidth (Unicode's
/// EastAsianWidth data, EastAsianWidth.swift) or an emoji shown as an emoji (Emoji_Presentation,
/// or a text symbol followed by U+FE0F); none for a lone combining mark or format character;
/// one otherwise. Ambiguous-width characters count one, as terminals outside CJK locales show them.
enum DisplayWidth {
    static func of(_ s: String) -> Int {
        var w = 0
        for c in s { w += of(c) }
        return w
    }

    static func of(_ c: Character) -> Int {
        var scalars = c.unicodeScalars.makeIterator()
        guard let first = scalars.next() else { return 0 }
        let w = width(first)
        guard w == 1 else { return w }
        // What follows in the cluster (combining marks, skin tones, joined emoji) adds nothing,
        // except the emoji presentation selector, which makes a text symbol (❤, ☎) an emoji.
        while let u = scalars.next() { if u.value == 0xFE0F { return 2 } }
        return 1
    }

    /// One code point alone.
    static func width(_ u: Unicode.Scalar) -> Int {
        let v = u.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }      // controls (shown escaped before this)
        if v < 0x300 { return 1 }
        switch u.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(v) { return 0 }               // Hangul vowels and finals join the syllable
        if isWide(v) || u.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// Binary search of the generated ranges.
    static func isWide(_ v: UInt32) -> Bool {
        var lo = 0, hi = wideRanges.count / 2
        while lo < hi {
            let mid = (lo + hi) / 2
            if v < wideRanges[2 * mid] { hi = mid } else if v > wideRanges[2 * mid + 1] { lo = mid + 1 } else { return true }
        }
        return false
    }

    /// `s` cut to at most `width` columns, ending in `…` when anything was cut.
    static func truncate(_ s: String, to width: Int) -> String {
        guard of(s) > width else { return s }
        guard width > 0 else { return "" }
        var out = "", used = 0
        for c in s {
            let w = of(c)
            if used + w > width - 1 { break }
            out.append(c)
            used += w
        }
        return out + "…"
    }
}
