-- product_scores (docs/methods.md §2–§7) in DuckDB SQL, for a study with the DEFAULT scoring
-- settings (pipeline/study.rs): method saw, normalisation minmax, every criterion a benefit, stars
-- [30, 50, 70, 90], and the weights reach_index 0.25, local_material_share 0.20, lq 0.15,
-- workers 0.15, value_added_ratio 0.15, sales_growth 0.10 (rescaled to sum to 1), no AHP and no
-- gates (scoring.require: every product may be picked, so gate is null). A study
-- with other scoring settings needs an edited copy (CTEs weights, bounds, norm, scored and the
-- stars expression); other methods (wp, mpe, topsis, borda) are not written in SQL.
-- The same columns and numbers as ovop's marts/product_scores.parquet; tests/python/check_marts.py
-- checks that. All columns are reproduced; none is left out:
--   product_id, product_name, category, village_code, village_name, district_code,
--   district_name, sales_value, source, lq, producers, workers, labour_absorption,
--   local_material_share, value_added_ratio, sales_growth, reach_index, outside_regency_share,
--   sector_lq, sector_growth (from the economy input, §10.7: the default category → sector map,
--   the province row as reference, pdrb_adhk, the span of the data),
--   relatedness_density (§12, computed here) and category_complexity (read, see rel_pci),
--   expert_<criterion> and expert_<criterion>_sd (one pair per criterion in assessments),
--   norm_<criterion> (the six scored criteria), potential_score, rank_regency, rank_village,
--   rank_category, stars, quadrant, gate.
--
-- Placeholders, replaced before running (tests/python/marts_sql.py does it):
--   {lake}          the lake folder (products are read from it)
--   {market_reach}  the market_reach mart as a relation: a table name, a parenthesised copy of
--                   docs/sql/market_reach.sql, or read_parquet('{lake}/marts/market_reach.parquet').
--                   check_marts.py and benches/score_vs_duckdb.sh recompute it with
--                   market_reach.sql (a temporary table), so nothing of ovop's output is read.
--   {villages}      relation with village_code, population: read_parquet of {lake}/villages, or an
--                   empty relation when the lake has no villages (then labour_absorption is null)
--   {assessments}   relation with product_id, criterion, score: read_parquet of
--                   {lake}/assessments, or an empty relation (then there are no expert_ columns)
--   {economy}       relation with region_code, sector, year, value, measure: read_parquet of
--                   {lake}/economy, or an empty relation (then sector_lq and sector_growth are null)
--   {relatedness}   ovop's relatedness mart, read_parquet('{lake}/marts/relatedness.parquet'): only
--                   its pci column is used (category_complexity)
--   {reference}     folder of the bundled national reference CSVs (notebooks-data/reference):
--                   village_name, district_code and district_name come from it, as in ovop.
-- DuckDB-specific: PIVOT (the expert_ columns are one per criterion in the data), list_sort,
-- isfinite, * EXCLUDE. Arithmetic follows ovop's order of operations (lq, weights, sums, medians),
-- so lq and potential_score are bit-identical whenever the inputs are, and ranks, stars and
-- quadrants agree exactly even for near-ties; market_reach.sql computes reach_index in ovop's
-- order for the same reason. Inputs are bit-identical for whole-number producers and whole-rupiah
-- sales (exact sums); otherwise summation order can move the last bit and, in an exact near-tie,
-- a rank. (Bit-identical on the Tuban demo and on a 236,335-product benchmark lake.)
WITH products AS (
    SELECT * FROM read_parquet('{lake}/products/**/*.parquet')
),
villages AS (
    SELECT village_code, population FROM {villages}
),
reach AS (
    SELECT product_id, reach_index, outside_regency_share, cagr, sales_value FROM {market_reach}
),
-- Names from the national reference; a district missing from districts.csv gives '' as in ovop.
reference AS (
    SELECT v.code AS village_code, v.name AS village_name, v.district_code,
           coalesce(d.name, '') AS district_name
    FROM read_csv('{reference}/villages.csv', header = true, all_varchar = true) v
    LEFT JOIN read_csv('{reference}/districts.csv', header = true, all_varchar = true) d
           ON d.code = v.district_code
),
-- Expert criteria (§2.6): mean and sample sd per product and criterion; the column is named
-- expert_ + the criterion normalised like a header (trimmed, lower case, runs of whitespace and
-- '-' become '_'). If two spellings normalise to one name, the last in byte order wins, as in ovop.
expert_stats AS (
    SELECT product_id, criterion,
           regexp_replace(regexp_replace(lower(regexp_replace(criterion, '^\x{FEFF}+', '')),
               '^[\s\x{0B}\x{85}\p{Z}-]+|[\s\x{0B}\x{85}\p{Z}-]+$', '', 'g'),
               '[\s\x{0B}\x{85}\p{Z}-]+', '_', 'g') AS key,
           avg(score) AS mean, stddev_samp(score) AS sd
    FROM {assessments}
    GROUP BY product_id, criterion
),
expert_long AS (
    SELECT product_id, 'expert_' || key AS name, mean AS value FROM expert_stats
    WHERE criterion IN (SELECT max(criterion) FROM expert_stats WHERE mean IS NOT NULL GROUP BY key)
      AND mean IS NOT NULL
    UNION ALL
    SELECT product_id, 'expert_' || key || '_sd' AS name, sd AS value FROM expert_stats
    WHERE criterion IN (SELECT max(criterion) FROM expert_stats WHERE mean IS NOT NULL GROUP BY key)
      AND mean IS NOT NULL
),
expert AS (
    PIVOT expert_long ON name USING first(value) GROUP BY product_id
),
-- The economic base of each product's sector in its regency (§10.7): the SLQ of the last year
-- against the province row, and the mean of the yearly growth rates over the whole span (null
-- when a year is missing or a value is not positive), as ovop's score/economy.rs computes them.
eco AS (
    SELECT region_code, sector, year::INT AS year, value::DOUBLE AS value
    FROM {economy}
    WHERE measure = 'pdrb_adhk' OR measure IS NULL
),
eco_span AS (SELECT min(year) AS first_year, max(year) AS last_year FROM eco),
eco_total AS (
    SELECT region_code, year,
        coalesce(max(value) FILTER (sector = 'TOTAL'), sum(value) FILTER (sector <> 'TOTAL')) AS total
    FROM eco GROUP BY region_code, year
),
eco_slq AS (
    SELECT r.region_code, r.sector, (r.value / tr.total) / (n.value / tn.total) AS sector_lq
    FROM eco r
    CROSS JOIN eco_span s
    JOIN eco_total tr ON tr.region_code = r.region_code AND tr.year = r.year
    JOIN eco n ON n.region_code = split_part(r.region_code, '.', 1) AND n.sector = r.sector AND n.year = r.year
    JOIN eco_total tn ON tn.region_code = n.region_code AND tn.year = r.year
    WHERE r.year = s.last_year AND r.sector <> 'TOTAL' AND r.region_code LIKE '%.%'
      AND tr.total > 0 AND n.value > 0 AND tn.total > 0
),
eco_rates AS (
    SELECT region_code, sector, year,
        value / lag(value) OVER (PARTITION BY region_code, sector ORDER BY year) - 1 AS rate,
        lag(value) OVER (PARTITION BY region_code, sector ORDER BY year) AS previous,
        year - lag(year) OVER (PARTITION BY region_code, sector ORDER BY year) AS step
    FROM eco WHERE sector <> 'TOTAL'
),
eco_growth AS (
    SELECT r.region_code, r.sector, sum(r.rate) / count(*) AS sector_growth
    FROM eco_rates r CROSS JOIN eco_span s
    WHERE r.previous IS NOT NULL
    GROUP BY r.region_code, r.sector, s.first_year, s.last_year
    HAVING count(*) = s.last_year - s.first_year AND bool_and(r.step = 1 AND r.previous > 0)
       AND min(r.year) = s.first_year + 1
),
-- Relatedness density (§12): the village × category matrix of producers over every product of the
-- lake (ovop's default reference is the study region: the same when the lake holds one study's
-- region, as the checked lakes do), RCA = (x_vc / x_v) / (x_c / x), M = RCA >= 1,
-- proximity φ_pq = co-specialisations / max(ubiquity_p, ubiquity_q), density
-- ω_vp = Σ_q M_vq φ_pq / Σ_q φ_pq. Villages and categories with no producers are left out.
-- category_complexity (PCI) needs an eigenvector, which SQL cannot take: it is read from ovop's
-- relatedness mart ({relatedness}); tests/python/check_relatedness.py checks PCI against the
-- Growth Lab's ecomplexity package instead.
rel_cells AS (
    SELECT village_code, category,
        sum(CASE WHEN isfinite(producers) AND producers > 0 THEN producers ELSE 0 END) AS x
    FROM products GROUP BY village_code, category
),
rel_v AS (SELECT village_code, sum(x) AS xv FROM rel_cells GROUP BY village_code HAVING sum(x) > 0),
rel_c AS (SELECT category, sum(x) AS xc FROM rel_cells GROUP BY category HAVING sum(x) > 0),
rel_total AS (SELECT sum(xv) AS xt FROM rel_v),
rel_m AS (
    SELECT v.village_code, c.category,
        ((coalesce(cell.x, 0) / v.xv) / (c.xc / t.xt)) >= 1 AS m
    FROM rel_v v CROSS JOIN rel_c c CROSS JOIN rel_total t
    LEFT JOIN rel_cells cell ON cell.village_code = v.village_code AND cell.category = c.category
),
rel_ubiquity AS (SELECT category, sum(m::INT) AS k FROM rel_m GROUP BY category),
rel_phi AS (
    SELECT a.category AS p, b.category AS q,
        CASE WHEN greatest(any_value(up.k), any_value(uq.k)) > 0
             THEN sum((a.m AND b.m)::INT) / greatest(any_value(up.k), any_value(uq.k)) ELSE 0 END AS phi
    FROM rel_m a JOIN rel_m b ON a.village_code = b.village_code
    JOIN rel_ubiquity up ON up.category = a.category
    JOIN rel_ubiquity uq ON uq.category = b.category
    GROUP BY a.category, b.category
),
rel_density AS (
    SELECT m.village_code, f.p AS category,
        CASE WHEN sum(f.phi) > 0 THEN sum(m.m::INT * f.phi) / sum(f.phi) ELSE 0 END AS relatedness_density
    FROM rel_m m JOIN rel_phi f ON f.q = m.category
    GROUP BY m.village_code, f.p
),
rel_pci AS (
    SELECT DISTINCT category, pci AS category_complexity FROM {relatedness}
),
sector_map(category, sector) AS (
    VALUES ('food_beverage', 'C'), ('batik', 'C'), ('woven_textile', 'C'), ('plaiting', 'C'),
           ('pottery', 'C'), ('wood_craft', 'C'), ('other_craft', 'C'), ('agriculture', 'A'),
           ('fishery', 'A'), ('livestock', 'A'), ('tourism', 'I')
),
sector_values AS (
    SELECT p.product_id, l.sector_lq, g.sector_growth
    FROM products p
    LEFT JOIN sector_map m ON m.category = p.category
    LEFT JOIN eco_slq l ON l.region_code = split_part(p.village_code, '.', 1) || '.' || split_part(p.village_code, '.', 2)
        AND l.sector = m.sector
    LEFT JOIN eco_growth g ON g.region_code = l.region_code AND g.sector = m.sector
),
-- Location quotient by producers (§2.1) over all candidates; missing producers count as 0.
-- LQ = (p_cat,village / p_all,village) / (p_cat,regency / p_all,regency), where ovop's polars plan
-- divides by the scalar p_all,regency as a product with its reciprocal; written the same way here
-- so that lq is bit-identical (it feeds the score, and near-ties decide ranks).
products_lq AS (
    SELECT *,
        ( sum(coalesce(producers, 0)) OVER (PARTITION BY village_code, category)
        / sum(coalesce(producers, 0)) OVER (PARTITION BY village_code) )
      / ( sum(coalesce(producers, 0)) OVER (PARTITION BY category)
        * (1 / sum(coalesce(producers, 0)) OVER ()) ) AS lq_raw
    FROM products
),
criteria AS (
    SELECT p.product_id, p.product_name, p.category, p.village_code, p.source,
        CASE WHEN p.village_code IS NOT NULL AND isfinite(p.lq_raw) THEN p.lq_raw END AS lq,
        p.producers::DOUBLE AS producers,
        p.workers::DOUBLE AS workers,
        CASE WHEN v.population > 0 THEN p.workers / v.population END AS labour_absorption,
        p.local_material_share::DOUBLE AS local_material_share,
        CASE WHEN p.unit_price_idr > 0 THEN (p.unit_price_idr - p.unit_cost_idr) / p.unit_price_idr END AS value_added_ratio,
        r.cagr AS sales_growth,
        r.reach_index,
        r.outside_regency_share,
        coalesce(r.sales_value, 0) AS sales_value
    FROM products_lq p
    LEFT JOIN villages v USING (village_code)
    LEFT JOIN reach r USING (product_id)
),
-- The default weights in ovop's criterion order (names sorted), rescaled to sum to 1.
weights AS (
    SELECT 0.20::DOUBLE / t AS w_local_material_share, 0.15::DOUBLE / t AS w_lq,
           0.25::DOUBLE / t AS w_reach_index, 0.10::DOUBLE / t AS w_sales_growth,
           0.15::DOUBLE / t AS w_value_added_ratio, 0.15::DOUBLE / t AS w_workers
    FROM (SELECT 0.20::DOUBLE + 0.15::DOUBLE + 0.25::DOUBLE + 0.10::DOUBLE + 0.15::DOUBLE + 0.15::DOUBLE AS t)
),
-- Min and max of each scored criterion over its finite values (§3).
bounds AS (
    SELECT
        min(local_material_share) FILTER (isfinite(local_material_share)) AS lo_local_material_share,
        max(local_material_share) FILTER (isfinite(local_material_share)) AS hi_local_material_share,
        min(lq) FILTER (isfinite(lq)) AS lo_lq, max(lq) FILTER (isfinite(lq)) AS hi_lq,
        min(reach_index) FILTER (isfinite(reach_index)) AS lo_reach_index,
        max(reach_index) FILTER (isfinite(reach_index)) AS hi_reach_index,
        min(sales_growth) FILTER (isfinite(sales_growth)) AS lo_sales_growth,
        max(sales_growth) FILTER (isfinite(sales_growth)) AS hi_sales_growth,
        min(value_added_ratio) FILTER (isfinite(value_added_ratio)) AS lo_value_added_ratio,
        max(value_added_ratio) FILTER (isfinite(value_added_ratio)) AS hi_value_added_ratio,
        min(workers) FILTER (isfinite(workers)) AS lo_workers, max(workers) FILTER (isfinite(workers)) AS hi_workers
    FROM criteria
),
-- Min–max normalisation of a benefit criterion: missing (or not finite) → 0; one distinct value → 1.
norm AS (
    SELECT c.*,
        CASE WHEN NOT coalesce(isfinite(local_material_share), false) THEN 0.0
             WHEN hi_local_material_share = lo_local_material_share THEN 1.0
             ELSE greatest(0.0, least(1.0, (local_material_share - lo_local_material_share) / (hi_local_material_share - lo_local_material_share))) END
            AS norm_local_material_share,
        CASE WHEN NOT coalesce(isfinite(lq), false) THEN 0.0
             WHEN hi_lq = lo_lq THEN 1.0
             ELSE greatest(0.0, least(1.0, (lq - lo_lq) / (hi_lq - lo_lq))) END AS norm_lq,
        CASE WHEN NOT coalesce(isfinite(reach_index), false) THEN 0.0
             WHEN hi_reach_index = lo_reach_index THEN 1.0
             ELSE greatest(0.0, least(1.0, (reach_index - lo_reach_index) / (hi_reach_index - lo_reach_index))) END
            AS norm_reach_index,
        CASE WHEN NOT coalesce(isfinite(sales_growth), false) THEN 0.0
             WHEN hi_sales_growth = lo_sales_growth THEN 1.0
             ELSE greatest(0.0, least(1.0, (sales_growth - lo_sales_growth) / (hi_sales_growth - lo_sales_growth))) END
            AS norm_sales_growth,
        CASE WHEN NOT coalesce(isfinite(value_added_ratio), false) THEN 0.0
             WHEN hi_value_added_ratio = lo_value_added_ratio THEN 1.0
             ELSE greatest(0.0, least(1.0, (value_added_ratio - lo_value_added_ratio) / (hi_value_added_ratio - lo_value_added_ratio))) END
            AS norm_value_added_ratio,
        CASE WHEN NOT coalesce(isfinite(workers), false) THEN 0.0
             WHEN hi_workers = lo_workers THEN 1.0
             ELSE greatest(0.0, least(1.0, (workers - lo_workers) / (hi_workers - lo_workers))) END AS norm_workers
    FROM criteria c, bounds
),
-- SAW (§4): Σ w_j r_ij summed in criterion order, on 0–100.
scored AS (
    SELECT n.*,
        least(100.0, greatest(0.0, 100.0 * (
              w_local_material_share * norm_local_material_share
            + w_lq * norm_lq
            + w_reach_index * norm_reach_index
            + w_sales_growth * norm_sales_growth
            + w_value_added_ratio * norm_value_added_ratio
            + w_workers * norm_workers))) AS potential_score
    FROM norm n, weights
),
-- Quadrant thresholds (§6): medians over all candidates of potential_score and of reach_index
-- (missing reach counts as 0); the mean of the two middle values when n is even.
sorted AS (
    SELECT list_sort(list(potential_score)) AS s, list_sort(list(coalesce(reach_index, 0))) AS r, count(*) AS n
    FROM scored
),
medians AS (
    SELECT
        CASE WHEN n = 0 THEN 0.0 WHEN n % 2 = 1 THEN s[(n + 1) // 2]
             ELSE (s[n // 2] + s[n // 2 + 1]) / 2.0 END AS potential_median,
        CASE WHEN n = 0 THEN 0.0 WHEN n % 2 = 1 THEN r[(n + 1) // 2]
             ELSE (r[n // 2] + r[n // 2 + 1]) / 2.0 END AS reach_median
    FROM sorted
),
-- Ordinal ranks (§7): score, then sales value (both descending), then product id; within a
-- village or a category the same order, so they follow rank_regency.
ranked AS (
    SELECT *, row_number() OVER (ORDER BY potential_score DESC, sales_value DESC, product_id) AS rank_regency
    FROM scored
)
SELECT s.product_id, s.product_name, s.category, s.village_code,
    ref.village_name, ref.district_code, ref.district_name,
    s.sales_value, s.source,
    s.lq, s.producers, s.workers, s.labour_absorption, s.local_material_share, s.value_added_ratio,
    s.sales_growth, s.reach_index, s.outside_regency_share,
    sv.sector_lq, sv.sector_growth,
    rd.relatedness_density, rp.category_complexity,
    e.* EXCLUDE (product_id),
    s.norm_local_material_share, s.norm_lq, s.norm_reach_index, s.norm_sales_growth,
    s.norm_value_added_ratio, s.norm_workers,
    s.potential_score,
    s.rank_regency,
    row_number() OVER (PARTITION BY coalesce(s.village_code, '') ORDER BY s.rank_regency) AS rank_village,
    row_number() OVER (PARTITION BY coalesce(s.category, '') ORDER BY s.rank_regency) AS rank_category,
    -- Stars (§5): 1 + the number of thresholds [30, 50, 70, 90] the score reaches.
    (1 + (s.potential_score >= 30)::INT + (s.potential_score >= 50)::INT
       + (s.potential_score >= 70)::INT + (s.potential_score >= 90)::INT) AS stars,
    CASE WHEN s.potential_score >= m.potential_median AND coalesce(s.reach_index, 0) >= m.reach_median THEN 'unggulan'
         WHEN s.potential_score >= m.potential_median THEN 'potensial'
         WHEN coalesce(s.reach_index, 0) >= m.reach_median THEN 'niche'
         ELSE 'tertinggal' END AS quadrant,
    -- No gates in the default settings (docs/methods.md §8, "Gates").
    NULL::VARCHAR AS gate
FROM ranked s
CROSS JOIN medians m
LEFT JOIN reference ref USING (village_code)
LEFT JOIN expert e USING (product_id)
LEFT JOIN sector_values sv USING (product_id)
LEFT JOIN rel_density rd ON rd.village_code = s.village_code AND rd.category = s.category
LEFT JOIN rel_pci rp ON rp.category = s.category
ORDER BY rank_regency
