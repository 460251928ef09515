-- How many distinct values of one column a strptime format reads as a plausible date
-- (1990 to 2100); `portal` counts those the portal reads without a declared format.
with source as (
    select distinct nullif(trim(columns(lambda c: c = $column)), '') as value from export
),

parsed as (
    select
        value,
        try_strptime(value, $format) as by_format,
        parse_ts(value) as by_portal
    from source
    where value is not null
),

final as (
    select
        count(*) as total,
        count(*) filter (where by_format between timestamp '1990-01-01' and timestamp '2100-01-01')
            as fits,
        count(*) filter (where by_portal between timestamp '1990-01-01' and timestamp '2100-01-01')
            as portal
    from parsed
)

select * from final
