//! The package around the body: the fixed parts (content types, relationships, settings,
//! fonts, app properties), the styles, the header and footer, the core properties, and the
//! zip that holds them.

use super::*;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#;

const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="709"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#;

const FONT_TABLE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:font w:name="Calibri"><w:panose1 w:val="020F0502020204030204"/><w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font></w:fonts>"#;

/// Styles: spacing on every paragraph style, headings that keep with the next paragraph, a
/// table style with borders, the language `sv-SE` (or `en-GB`) as the default.
fn styles(lang_tag: &str) -> String {
    let heading = |id: &str, name: &str, size: u32, before: u32, level: u32| {
        format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"{before}\" w:after=\"120\"/><w:outlineLvl w:val=\"{level}\"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr></w:style>"
        )
    };
    let simple = |id: &str, name: &str, ppr: &str, rpr: &str| {
        format!(
            "<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
        )
    };
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles xmlns:w=\"{W_NS}\"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\" w:eastAsia=\"Calibri\" w:cs=\"Calibri\"/><w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/><w:lang w:val=\"{lang_tag}\" w:eastAsia=\"{lang_tag}\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
    );
    s.push_str("<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/><w:pPr><w:widowControl/><w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:style>");
    s.push_str("<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>");
    s.push_str("<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"10\"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before=\"0\" w:after=\"240\"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val=\"36\"/><w:szCs w:val=\"36\"/></w:rPr></w:style>");
    s.push_str(&heading("Heading1", "heading 1", 30, 360, 0));
    s.push_str(&heading("Heading2", "heading 2", 26, 280, 1));
    s.push_str(&heading("Heading3", "heading 3", 22, 200, 2));
    s.push_str(&simple(
        "TableText",
        "Table Text",
        "<w:spacing w:before=\"20\" w:after=\"20\" w:line=\"240\" w:lineRule=\"auto\"/>",
        "<w:sz w:val=\"19\"/><w:szCs w:val=\"19\"/>",
    ));
    s.push_str(&simple(
        "AfterTable",
        "After Table",
        "<w:spacing w:before=\"0\" w:after=\"60\" w:line=\"240\" w:lineRule=\"auto\"/>",
        "<w:sz w:val=\"8\"/><w:szCs w:val=\"8\"/>",
    ));
    s.push_str(&simple(
        "Note",
        "SPUR Note",
        "<w:pBdr><w:left w:val=\"single\" w:sz=\"24\" w:space=\"6\" w:color=\"BBBBBB\"/></w:pBdr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F4F4F4\"/><w:spacing w:before=\"60\" w:after=\"120\"/><w:ind w:left=\"170\"/>",
        "",
    ));
    s.push_str(&simple(
        "Meta",
        "SPUR Meta",
        "<w:spacing w:after=\"40\"/>",
        "",
    ));
    s.push_str(&simple(
        "Small",
        "SPUR Small",
        "<w:spacing w:after=\"60\"/>",
        "<w:color w:val=\"555555\"/><w:sz w:val=\"17\"/><w:szCs w:val=\"17\"/>",
    ));
    s.push_str(&simple(
        "ListItem",
        "SPUR List Item",
        "<w:spacing w:after=\"60\"/>",
        "",
    ));
    s.push_str(&simple(
        "SignatureLine",
        "SPUR Signature Line",
        "<w:keepNext/><w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"000000\"/></w:pBdr><w:spacing w:before=\"600\" w:after=\"40\"/><w:ind w:right=\"4819\"/>",
        "",
    ));
    s.push_str(&simple(
        "Banner",
        "SPUR Banner",
        "<w:pBdr><w:top w:val=\"single\" w:sz=\"12\" w:space=\"4\" w:color=\"D55E00\"/><w:left w:val=\"single\" w:sz=\"12\" w:space=\"4\" w:color=\"D55E00\"/><w:bottom w:val=\"single\" w:sz=\"12\" w:space=\"4\" w:color=\"D55E00\"/><w:right w:val=\"single\" w:sz=\"12\" w:space=\"4\" w:color=\"D55E00\"/></w:pBdr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"FDE7E1\"/><w:spacing w:before=\"0\" w:after=\"240\"/><w:jc w:val=\"center\"/>",
        "<w:color w:val=\"8A2B00\"/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/>",
    ));
    s.push_str(&simple(
        "Header",
        "header",
        "<w:tabs><w:tab w:val=\"right\" w:pos=\"9638\"/></w:tabs><w:spacing w:after=\"0\"/>",
        "<w:color w:val=\"555555\"/><w:sz w:val=\"17\"/><w:szCs w:val=\"17\"/>",
    ));
    s.push_str(&simple(
        "Footer",
        "footer",
        "<w:tabs><w:tab w:val=\"center\" w:pos=\"4819\"/><w:tab w:val=\"right\" w:pos=\"9638\"/></w:tabs><w:spacing w:after=\"0\"/>",
        "<w:color w:val=\"555555\"/><w:sz w:val=\"17\"/><w:szCs w:val=\"17\"/>",
    ));
    s.push_str("<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>");
    s.push_str("<w:style w:type=\"table\" w:customStyle=\"1\" w:styleId=\"SpurTable\"><w:name w:val=\"SPUR Table\"/><w:basedOn w:val=\"TableNormal\"/><w:uiPriority w:val=\"59\"/><w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BBBBBB\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BBBBBB\"/><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BBBBBB\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BBBBBB\"/><w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BBBBBB\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BBBBBB\"/></w:tblBorders><w:tblCellMar><w:top w:w=\"40\" w:type=\"dxa\"/><w:left w:w=\"85\" w:type=\"dxa\"/><w:bottom w:w=\"40\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>");
    s.push_str("</w:styles>");
    s
}

pub(super) fn header_part(title: &str, unit: &str, date: &str, banner: Option<&str>) -> String {
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:hdr xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\">"
    );
    let left = match banner {
        Some(b) => format!("{title} · {unit} · {b}"),
        None => format!("{title} · {unit}"),
    };
    para(
        &mut s,
        Para {
            style: Some("Header"),
            ..Para::default()
        },
        &[(&left, PLAIN)],
    );
    // The date right-aligned on the same line.
    let i = s.rfind("</w:p>").unwrap_or(s.len());
    s.insert_str(
        i,
        &format!(
            "<w:r><w:tab/></w:r><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>",
            esc(date)
        ),
    );
    s.push_str("</w:hdr>");
    s
}

/// `Sida {n} av {total}` with PAGE and NUMPAGES fields, the status left and the version right.
pub(super) fn footer_part(page_of: &str, status: &str, version: &str) -> String {
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:ftr xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>"
    );
    let text = |s: &mut String, t: &str| {
        if !t.is_empty() {
            let _ = write!(s, "<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>", esc(t));
        }
    };
    text(&mut s, status);
    s.push_str("<w:r><w:tab/></w:r>");
    // Split the phrase around its two placeholders.
    let (before, rest) = page_of.split_once("{n}").unwrap_or((page_of, ""));
    let (middle, after) = rest.split_once("{total}").unwrap_or((rest, ""));
    text(&mut s, before);
    s.push_str(
        "<w:fldSimple w:instr=\" PAGE \\* MERGEFORMAT \"><w:r><w:t>1</w:t></w:r></w:fldSimple>",
    );
    text(&mut s, middle);
    s.push_str(
        "<w:fldSimple w:instr=\" NUMPAGES \\* MERGEFORMAT \"><w:r><w:t>1</w:t></w:r></w:fldSimple>",
    );
    text(&mut s, after);
    s.push_str("<w:r><w:tab/></w:r>");
    text(&mut s, version);
    s.push_str("</w:p></w:ftr>");
    s
}

pub(super) struct Props<'a> {
    pub(super) title: String,
    pub(super) creator: String,
    pub(super) keywords: String,
    pub(super) lang_tag: &'a str,
    /// ISO date.
    pub(super) created: String,
}

fn core_part(p: &Props<'_>) -> String {
    let created = format!("{}T00:00:00Z", p.created);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:creator>{}</dc:creator><cp:keywords>{}</cp:keywords><cp:lastModifiedBy>{}</cp:lastModifiedBy><dc:language>{}</dc:language><dcterms:created xsi:type=\"dcterms:W3CDTF\">{created}</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{created}</dcterms:modified></cp:coreProperties>",
        esc(&p.title),
        esc(&p.creator),
        esc(&p.keywords),
        esc(&p.creator),
        esc(p.lang_tag),
    )
}

const APP: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>spur</Application></Properties>"#;

pub(super) struct Package<'a> {
    pub(super) body: String,
    pub(super) header: String,
    pub(super) footer: String,
    pub(super) props: Props<'a>,
}

fn document_part(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:body>{body}<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId4\"/><w:footerReference w:type=\"default\" r:id=\"rId5\"/><w:pgSz w:w=\"{A4_W}\" w:h=\"{A4_H}\"/><w:pgMar w:top=\"1304\" w:right=\"{MARGIN_X}\" w:bottom=\"1247\" w:left=\"{MARGIN_X}\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/><w:cols w:space=\"708\"/></w:sectPr></w:body></w:document>"
    )
}

pub(super) fn pack(p: Package<'_>) -> Result<Vec<u8>, Error> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(64 * 1024)));
    // A fixed timestamp: the same document gives the same bytes.
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6));
    let document = document_part(&p.body);
    let styles = styles(p.props.lang_tag);
    let core = core_part(&p.props);
    let parts: [(&str, &[u8]); 11] = [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
        ("word/settings.xml", SETTINGS.as_bytes()),
        ("word/fontTable.xml", FONT_TABLE.as_bytes()),
        ("word/header1.xml", p.header.as_bytes()),
        ("word/footer1.xml", p.footer.as_bytes()),
        ("docProps/core.xml", core.as_bytes()),
        ("docProps/app.xml", APP.as_bytes()),
    ];
    let err = |e: &dyn std::fmt::Display| Error::Docx(e.to_string());
    for (name, bytes) in parts {
        zip.start_file(name, options).map_err(|e| err(&e))?;
        zip.write_all(bytes).map_err(|e| err(&e))?;
    }
    let cursor = zip.finish().map_err(|e| err(&e))?;
    Ok(cursor.into_inner())
}
