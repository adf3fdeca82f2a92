-- The static LQ of every kab/kota, sector and year against the Jawa Timur province row, with
-- the published TOTAL rows as totals (docs/methods.md §10.1), and Dunn's shift-share of every
-- kab/kota and sector over 2010–2022 (§10.3), as benches/economy_vs_duckdb.sh times them.
-- {csv} and {out} are filled in by the script.
COPY (
  WITH v AS (
    SELECT region_code::VARCHAR AS region_code, sector, year, value
    FROM read_csv('{csv}', types = {'region_code': 'VARCHAR'})
  ),
  tot AS (SELECT region_code, year, value AS total FROM v WHERE sector = 'TOTAL'),
  ref AS (SELECT sector, year, value AS ref_value FROM v WHERE region_code = '35' AND sector <> 'TOTAL'),
  ref_tot AS (SELECT year, value AS ref_total FROM v WHERE region_code = '35' AND sector = 'TOTAL'),
  base AS (
    SELECT v.region_code, v.sector, v.year, v.value, tot.total, ref.ref_value, ref_tot.ref_total,
           (v.value / tot.total) / (ref.ref_value / ref_tot.ref_total) AS slq
    FROM v
    JOIN tot USING (region_code, year)
    JOIN ref USING (sector, year)
    JOIN ref_tot USING (year)
    WHERE v.region_code <> '35' AND v.sector <> 'TOTAL'
      AND tot.total > 0 AND ref.ref_value > 0 AND ref_tot.ref_total > 0
  ),
  shift AS (
    SELECT b0.region_code, b0.sector,
           b0.value * (r1.ref_total / b0.ref_total - 1) AS reference_share,
           b0.value * (b1.ref_value / b0.ref_value - r1.ref_total / b0.ref_total) AS industry_mix,
           b0.value * (b1.value / b0.value - b1.ref_value / b0.ref_value) AS regional_shift
    FROM base b0
    JOIN base b1 ON b1.region_code = b0.region_code AND b1.sector = b0.sector AND b1.year = 2022
    JOIN ref_tot r1 ON r1.year = 2022
    WHERE b0.year = 2010
  )
  SELECT base.*, shift.reference_share, shift.industry_mix, shift.regional_shift
  FROM base LEFT JOIN shift USING (region_code, sector)
) TO '{out}' (FORMAT parquet);
