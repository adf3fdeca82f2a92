-- village_selection (docs/methods.md §8, and "Smallest flip (SAW only)" under "Sensitivity to the
-- weights") in DuckDB SQL: one row per village with candidates, ordered by village_code, computed
-- from the product_scores mart. The same columns and numbers as ovop's
-- marts/village_selection.parquet; tests/python/check_marts.py checks that. For a study with the
-- DEFAULT scoring settings, like product_scores.sql (method saw, the six default criteria and
-- weights, repeated in the CTE weights below; only the flip columns depend on them).
-- Reproduced:
--   village_code, village_name, district_code, district_name, candidates, product_id,
--   product_name, category, source, potential_score, stars, runner_up_id, runner_up_name,
--   runner_up_score, margin, flip_criterion, flip_weight_change, flip_challenger_id.
-- Left out:
--   p_stays_pick   the share of the sensitivity draws in which the pick stays the pick. The draws
--                  are Dirichlet weight vectors from ovop's seeded random generator (StdRng,
--                  sensitivity.seed), which SQL cannot reproduce; an independent re-implementation
--                  would only agree within sampling error, not value for value.
-- ovop writes p_stays_pick and the three flip_ columns only when sensitivity.draws > 0 (the
-- default; benches/score_vs_duckdb.sh sets 0). This SQL always computes the flip columns;
-- check_marts.py compares them when ovop's mart has them. For methods other than saw ovop writes
-- the flip columns as null (no closed form), which this SQL does not cover.
--
-- Placeholders, replaced before running (tests/python/marts_sql.py does it):
--   {product_scores}  the product_scores mart as a relation: a table name, a parenthesised copy of
--                     docs/sql/product_scores.sql, or read_parquet('{lake}/marts/product_scores.parquet').
--                     check_marts.py and benches/score_vs_duckdb.sh recompute it with
--                     product_scores.sql (a temporary table), so nothing of ovop's output is read.
--   {lake}            the lake folder: _manifest.json and products/ give the order in which ovop
--                     visits a village's rivals (see flip_order below).
-- Text columns of the pick (and runner_up_name) are '' where product_scores has null, as in ovop
-- (pipeline/score/selection.rs reads them as text); source stays null.
-- DuckDB-specific: QUALIFY, read_json, generate_subscripts, LATERAL unnest, list literals. V and
-- Δ follow ovop's order of operations, so flip_weight_change is bit-identical (on the Tuban demo,
-- and on a variant of it with two identical rivals, where the lake-order tie rule decided
-- flip_challenger_id).
WITH scores AS (
    SELECT *, coalesce(village_code, '') AS vkey FROM {product_scores}
),
counts AS (
    SELECT vkey, count(*)::UINTEGER AS candidates FROM scores GROUP BY vkey
),
-- The pick and the runner-up (§8): rank_village 1 and 2 (the tie rule of §7 is in the ranks).
pick AS (
    SELECT * FROM scores WHERE rank_village = 1
),
runner_up AS (
    SELECT * FROM scores WHERE rank_village = 2
),
-- Smallest flip (SAW). The weights as in product_scores.sql, in ovop's criterion order (j).
weights AS (
    SELECT 0.20::DOUBLE / t AS w_local_material_share, 0.15::DOUBLE / t AS w_lq,
           0.25::DOUBLE / t AS w_reach_index, 0.10::DOUBLE / t AS w_sales_growth,
           0.15::DOUBLE / t AS w_value_added_ratio, 0.15::DOUBLE / t AS w_workers
    FROM (SELECT 0.20::DOUBLE + 0.15::DOUBLE + 0.25::DOUBLE + 0.10::DOUBLE + 0.15::DOUBLE + 0.15::DOUBLE AS t)
),
-- ovop loops over a village's rivals in the order of its candidate table: the products as the
-- lake holds them (batches in manifest order, files in batch order, rows in file order). The
-- order matters only when two swaps need exactly the same weight change; then the first wins.
product_files AS (
    SELECT '{lake}/' || f AS filename, batch_pos, file_pos
    FROM (
        SELECT unnest(batches) AS b, generate_subscripts(batches, 1) AS batch_pos
        FROM read_json('{lake}/_manifest.json',
                       columns = {batches: 'STRUCT(dataset VARCHAR, files VARCHAR[])[]'})
    ), LATERAL (SELECT unnest(b.files) AS f, generate_subscripts(b.files, 1) AS file_pos)
    WHERE b.dataset = 'products' AND NOT starts_with(f, '_quarantine/')
),
flip_order AS (
    SELECT p.product_id,
           row_number() OVER (ORDER BY f.batch_pos, f.file_pos, p.file_row_number) AS lake_pos
    FROM read_parquet('{lake}/products/**/*.parquet', filename = true, file_row_number = true) p
    JOIN product_files f USING (filename)
),
-- V_i = Σ_j w_j r_ij on 0–1 (before ×100 and clipping), summed in criterion order as in ovop.
saw AS (
    SELECT s.vkey, s.product_id, s.sales_value, o.lake_pos,
        w_local_material_share * norm_local_material_share
      + w_lq * norm_lq
      + w_reach_index * norm_reach_index
      + w_sales_growth * norm_sales_growth
      + w_value_added_ratio * norm_value_added_ratio
      + w_workers * norm_workers AS v,
        [norm_local_material_share, norm_lq, norm_reach_index, norm_sales_growth,
         norm_value_added_ratio, norm_workers] AS r
    FROM scores s CROSS JOIN weights LEFT JOIN flip_order o USING (product_id)
),
-- One row per product and criterion: j (1-based), name, weight w_j and r_ij.
saw_long AS (
    SELECT s.vkey, s.product_id, s.sales_value, s.lake_pos, s.v, c.j, c.criterion,
           [w_local_material_share, w_lq, w_reach_index, w_sales_growth, w_value_added_ratio,
            w_workers][c.j] AS w,
           s.r[c.j] AS r
    FROM saw s CROSS JOIN weights
    CROSS JOIN (VALUES (1, 'local_material_share'), (2, 'lq'), (3, 'reach_index'),
                       (4, 'sales_growth'), (5, 'value_added_ratio'), (6, 'workers')) c(j, criterion)
),
-- The pick a of the flip is taken on V with the tie rule of §7 (it is the product with
-- rank_village 1 unless two distinct V give the same potential_score).
flip_pick AS (
    SELECT vkey, product_id FROM saw
    QUALIFY row_number() OVER (PARTITION BY vkey ORDER BY v DESC, sales_value DESC, product_id) = 1
),
-- Raising w_j by δ and rescaling: V_i(δ) = (V_i + δ r_ij) / (1 + δ); a and rival b swap at
-- δ* = (V_a − V_b) / (r_bj − r_aj), feasible when δ* ≥ −w_j (r_bj = r_aj never swaps).
swaps AS (
    SELECT b.vkey, b.product_id AS challenger, b.lake_pos, b.j, b.criterion, b.w,
           (a.v - b.v) / (b.r - a.r) AS delta
    FROM saw_long a
    JOIN flip_pick p ON p.vkey = a.vkey AND p.product_id = a.product_id
    JOIN saw_long b ON b.vkey = a.vkey AND b.j = a.j AND b.product_id <> a.product_id
    WHERE b.r <> a.r
),
-- The feasible swap with the smallest |Δ|, Δ = (w_j + δ*) / (1 + δ*) − w_j (signed); ties go to
-- the first rival in lake order, then the first criterion, as in ovop's loop.
flips AS (
    SELECT vkey, criterion AS flip_criterion, (w + delta) / (1.0 + delta) - w AS flip_weight_change,
           challenger AS flip_challenger_id
    FROM swaps
    WHERE isfinite(delta) AND delta >= -w
    QUALIFY row_number() OVER (PARTITION BY vkey
                               ORDER BY abs((w + delta) / (1.0 + delta) - w), lake_pos, j) = 1
)
SELECT t.vkey AS village_code,
    coalesce(t.village_name, '') AS village_name,
    coalesce(t.district_code, '') AS district_code,
    coalesce(t.district_name, '') AS district_name,
    c.candidates,
    coalesce(t.product_id, '') AS product_id,
    coalesce(t.product_name, '') AS product_name,
    coalesce(t.category, '') AS category,
    t.source,
    t.potential_score,
    t.stars::INTEGER AS stars,
    CASE WHEN r.vkey IS NOT NULL THEN coalesce(r.product_id, '') END AS runner_up_id,
    CASE WHEN r.vkey IS NOT NULL THEN coalesce(r.product_name, '') END AS runner_up_name,
    r.potential_score AS runner_up_score,
    t.potential_score - r.potential_score AS margin,
    f.flip_criterion, f.flip_weight_change, f.flip_challenger_id
FROM pick t
JOIN counts c USING (vkey)
LEFT JOIN runner_up r USING (vkey)
LEFT JOIN flips f USING (vkey)
ORDER BY village_code
