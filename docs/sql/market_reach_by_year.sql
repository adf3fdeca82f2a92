-- market_reach_by_year (docs/methods.md §1) in DuckDB SQL over the lake's Parquet: one row
-- per product and study year with sales. The same columns and numbers as ovop's
-- marts/market_reach_by_year.parquet; tests/python/check_marts.py checks that.
-- Placeholders: {lake}, {first}, {last} (study years), replaced before running.
-- The tier, destination and share rules are those of market_reach.sql, grouped by year as well.
-- Unlike market_reach: no cagr or yoy_growth; capacity_utilisation = quantity / capacity (one
-- year); and destinations, destination_hhi and destination_entropy stay null for a product-year
-- whose sales values are all 0 (ovop fills destinations with 0 only in market_reach).
WITH products AS (
    SELECT product_id, village_code, capacity FROM read_parquet('{lake}/products/**/*.parquet')
),
sales AS (
    SELECT s.product_id, s.year, s.buyer_region AS b, s.value_idr AS v, s.quantity AS q,
           s.channel, p.village_code AS vc
    FROM read_parquet('{lake}/sales/**/*.parquet', hive_partitioning = true) s
    JOIN products p USING (product_id)
    WHERE s.year BETWEEN {first} AND {last}
),
tiered AS (
    SELECT *,
        CASE WHEN b = 'ID' THEN 4
             WHEN b >= 'A' THEN 5
             ELSE 4 - ( (substr(b, 1, 2)  = substr(vc, 1, 2)  AND length(b) >= 2)::INT
                      + (substr(b, 1, 5)  = substr(vc, 1, 5)  AND length(b) >= 5)::INT
                      + (substr(b, 1, 8)  = substr(vc, 1, 8)  AND length(b) >= 8)::INT
                      + (substr(b, 1, 13) = substr(vc, 1, 13) AND length(b) >= 13)::INT )
        END AS tier
    FROM sales
),
dest AS (
    SELECT *,
        CASE WHEN tier <= 2 THEN substr(vc, 1, 5)
             WHEN tier = 5 OR length(b) <= 2 THEN b
             ELSE substr(b, 1, 5) END AS destination
    FROM tiered
),
agg AS (
    SELECT product_id, year,
        sum(v) AS sales_value,
        coalesce(sum(q), 0) AS sales_quantity,
        count(*) AS sales_rows,
        coalesce(sum(v) FILTER (tier = 0), 0) AS v0,
        coalesce(sum(v) FILTER (tier = 1), 0) AS v1,
        coalesce(sum(v) FILTER (tier = 2), 0) AS v2,
        coalesce(sum(v) FILTER (tier = 3), 0) AS v3,
        coalesce(sum(v) FILTER (tier = 4), 0) AS v4,
        coalesce(sum(v) FILTER (tier = 5), 0) AS v5,
        coalesce(sum(v) FILTER (channel = 'direct'), 0) AS c_direct,
        coalesce(sum(v) FILTER (channel = 'reseller'), 0) AS c_reseller,
        coalesce(sum(v) FILTER (channel = 'marketplace'), 0) AS c_marketplace,
        coalesce(sum(v) FILTER (channel = 'exhibition'), 0) AS c_exhibition,
        coalesce(sum(v) FILTER (channel = 'export_agent'), 0) AS c_export_agent,
        coalesce(sum(v) FILTER (channel IS NULL), 0) AS c_unknown
    FROM dest GROUP BY product_id, year
),
dest_values AS (
    SELECT product_id, year, destination, sum(v) AS dv
    FROM dest GROUP BY product_id, year, destination HAVING sum(v) > 0
),
dest_stats AS (
    SELECT product_id, year, count(*) AS destinations, sum(p * p) AS destination_hhi, -sum(p * ln(p)) AS h
    FROM (SELECT product_id, year, dv / sum(dv) OVER (PARTITION BY product_id, year) AS p FROM dest_values)
    GROUP BY product_id, year
)
SELECT a.product_id,
    a.year::INTEGER AS year,
    a.sales_value,
    a.sales_quantity,
    a.sales_rows,
    CASE WHEN a.sales_value > 0 THEN a.v0 / a.sales_value END AS share_village,
    CASE WHEN a.sales_value > 0 THEN a.v1 / a.sales_value END AS share_district,
    CASE WHEN a.sales_value > 0 THEN a.v2 / a.sales_value END AS share_regency,
    CASE WHEN a.sales_value > 0 THEN a.v3 / a.sales_value END AS share_province,
    CASE WHEN a.sales_value > 0 THEN a.v4 / a.sales_value END AS share_national,
    CASE WHEN a.sales_value > 0 THEN a.v5 / a.sales_value END AS share_export,
    CASE WHEN a.sales_value > 0 THEN a.c_direct / a.sales_value END AS share_channel_direct,
    CASE WHEN a.sales_value > 0 THEN a.c_reseller / a.sales_value END AS share_channel_reseller,
    CASE WHEN a.sales_value > 0 THEN a.c_marketplace / a.sales_value END AS share_channel_marketplace,
    CASE WHEN a.sales_value > 0 THEN a.c_exhibition / a.sales_value END AS share_channel_exhibition,
    CASE WHEN a.sales_value > 0 THEN a.c_export_agent / a.sales_value END AS share_channel_export_agent,
    CASE WHEN a.sales_value > 0 THEN a.c_unknown / a.sales_value END AS share_channel_unknown,
    -- Σ share_t · t/5 and share_province + share_national + share_export, summed in ovop's order.
    CASE WHEN a.sales_value > 0 THEN a.v0 / a.sales_value * 0.0 + a.v1 / a.sales_value * 0.2 + a.v2 / a.sales_value * 0.4
        + a.v3 / a.sales_value * 0.6 + a.v4 / a.sales_value * 0.8 + a.v5 / a.sales_value * 1.0 END AS reach_index,
    CASE WHEN a.sales_value > 0 THEN a.v3 / a.sales_value + a.v4 / a.sales_value + a.v5 / a.sales_value END AS outside_regency_share,
    d.destinations,
    d.destination_hhi,
    CASE WHEN d.destinations > 1 THEN d.h / ln(d.destinations) WHEN d.destinations = 1 THEN 0 END AS destination_entropy,
    CASE WHEN p.capacity > 0 THEN a.sales_quantity / p.capacity END AS capacity_utilisation
FROM agg a
JOIN products p USING (product_id)
LEFT JOIN dest_stats d USING (product_id, year)
ORDER BY a.product_id, a.year
