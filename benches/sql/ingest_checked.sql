-- The DuckDB side of benches/ingest_vs_duckdb.sh, "with checks": CSV → hive-partitioned
-- Parquet doing the row checks `ovop ingest sales` does on generated data (valid rows),
-- so the two do comparable work. Placeholders: {csv}, {out}, {reference}, {products}.
-- What it checks: product_id in the products; buyer_region a Kemendagri code of the
-- reference or a two-letter country code; value_idr and quantity not negative; a date not
-- in the future; channel one of the listed words. Rejected rows go to a quarantine file with
-- their reason. Not done here (ovop does): Indonesian number and date formats, code
-- normalisation with hints, the decimal mark decided per column, line numbers in the
-- quarantine, the file's sha256, the manifest, staging and atomic publication.
CREATE TEMP TABLE codes AS
    SELECT code FROM read_csv('{reference}/villages.csv', all_varchar = true)
    UNION ALL SELECT code FROM read_csv('{reference}/districts.csv', all_varchar = true)
    UNION ALL SELECT code FROM read_csv('{reference}/regencies.csv', all_varchar = true)
    UNION ALL SELECT code FROM read_csv('{reference}/provinces.csv', all_varchar = true);
CREATE TEMP TABLE products AS
    SELECT DISTINCT product_id FROM read_csv('{products}', all_varchar = true, quote = '"');
-- Materialised once, so the CSV is read and checked once for both outputs.
CREATE TEMP TABLE checked AS
    SELECT s.*, year(s.date) AS year,
        CASE WHEN p.product_id IS NULL THEN 'unknown product_id'
             WHEN s.date IS NULL OR s.date > current_date THEN 'date missing or in the future'
             WHEN c.code IS NULL AND NOT regexp_full_match(s.buyer_region, '[A-Z]{2}')
                  THEN 'unknown buyer_region'
             WHEN s.value_idr IS NULL OR s.value_idr < 0 THEN 'value_idr missing or negative'
             WHEN s.quantity < 0 THEN 'negative quantity'
             WHEN s.channel NOT IN ('direct', 'reseller', 'marketplace', 'exhibition', 'export_agent')
                  THEN 'channel not listed'
        END AS reason
    FROM read_csv('{csv}', quote = '"', types = {'product_id': 'VARCHAR', 'buyer_region': 'VARCHAR'}) s
    LEFT JOIN products p USING (product_id)
    LEFT JOIN codes c ON c.code = s.buyer_region;
COPY (SELECT * EXCLUDE (reason) FROM checked WHERE reason IS NULL)
    TO '{out}/sales' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (year), OVERWRITE_OR_IGNORE);
COPY (SELECT * FROM checked WHERE reason IS NOT NULL)
    TO '{out}/quarantine.parquet' (FORMAT parquet, COMPRESSION zstd);
