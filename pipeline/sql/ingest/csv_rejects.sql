-- Records DuckDB could not read, one row each: first line, kind, fields found, and
-- whether it is the last record of the file (no good record after it).
with rejects as (
    select line, error_type, error_message
    from ingest_rejects
    qualify row_number() over (partition by line order by error_type) = 1
),

numbered as (
    select *, line - 2 - (row_number() over (order by line) - 1) as good_index
    from rejects
),

good as (
    select count(*) as n, coalesce(sum(_nl), 0) as newlines from ingest_counted
),

final as (
    select
        cast(numbered.line + coalesce(lines.newlines_before, good.newlines) as integer)
            as line,
        numbered.error_type as kind,
        try_cast(regexp_extract(numbered.error_message, 'Found: ([0-9]+)', 1) as integer)
            as found,
        numbered.good_index >= good.n as last
    from numbered
    cross join good
    left join ingest_lines as lines on lines._i = numbered.good_index
    where numbered.line > 1 + $skip
)

select * from final order by line
