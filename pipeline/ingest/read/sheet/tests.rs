//! Reading workbook cells as text, by hand-made cells.

use super::*;

#[test]
fn numbers_read_as_a_user_sees_them() {
    assert_eq!(number_text(3523082008.0), "3523082008");
    assert_eq!(number_text(35.1), "35.1");
    assert_eq!(number_text(0.25), "0.25");
    assert_eq!(
        data_text(&Data::Error(calamine::CellErrorType::Div0)).0,
        "#DIV/0!"
    );
}

#[test]
fn column_names_follow_spreadsheet_letters() {
    assert_eq!(column_name(0), "A");
    assert_eq!(column_name(25), "Z");
    assert_eq!(column_name(26), "AA");
    assert_eq!(column_name(701), "ZZ");
    assert_eq!(column_name(702), "AAA");
    assert_eq!(column_name(16_383), "XFD");
}

fn ods(tables: &str) -> OdsSize {
    let content = format!("<office:document-content><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>");
    ods_size(&mut content.as_bytes()).unwrap()
}

/// Repeated rows and columns count as the cells calamine would build; an
/// empty tail (as LibreOffice writes one) counts nothing.
#[test]
fn ods_size_counts_what_calamine_builds() {
    let big = ods(
        r#"<table:table table:name="A"><table:table-row><table:table-cell office:value="1"/><table:table-cell table:number-columns-repeated="3"/></table:table-row>
        <table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="100" office:value="1"/></table:table-row></table:table>"#,
    );
    assert!(big.cells >= 100_000_000, "{big:?}");
    // Regression (review of issue 11): a self-closing repeated row between rows with values,
    // and a repeat count written as a character reference.
    let hidden = ods(
        r#"<table:table table:name="A"><table:table-row><table:table-cell office:value="1"/></table:table-row>
        <table:table-row table:number-rows-repeated="500000"/>
        <table:table-row table:number-rows-repeated="&#53;00000"><table:table-cell office:value="1"/></table:table-row></table:table>"#,
    );
    assert!(hidden.cells >= 1_000_000, "{hidden:?}");
    let tail = ods(
        r#"<table:table table:name="A"><table:table-row><table:table-cell office:value-type="string"><text:p>id</text:p></table:table-cell></table:table-row>
        <table:table-row table:number-rows-repeated="1048573"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#,
    );
    assert_eq!(
        tail,
        OdsSize {
            cells: 1,
            text_bytes: 2
        }
    );
    let text = ods(
        r#"<table:table table:name="A"><table:table-row table:number-rows-repeated="200"><table:table-cell table:number-columns-repeated="200"><text:p>abcdefghij</text:p></table:table-cell></table:table-row></table:table>"#,
    );
    assert_eq!(text.text_bytes, 200 * 200 * 10);
}
