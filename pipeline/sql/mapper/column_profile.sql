-- One column of the export: how many rows hold a value, its distinct values, and whether
-- every value is a date without a time.
with source as (
    select nullif(trim(columns(lambda c: c = $column)), '') as value from export
),

final as (
    select
        count(value) as filled,
        count(distinct value) as distinct_values,
        count(value) filter (where not regexp_matches(value, '[0-9]{1,2}:[0-9]{2}')) as date_only
    from source
)

select * from final
