-- Lines of the export whose required column would be unreadable: empty, or (for a date)
-- read neither by the drafted formats nor by the portal (`$formats` is never empty).
with source as (
    select _line, nullif(trim(columns(lambda c: c = $column)), '') as value from export
),

final as (
    select _line as line
    from source
    where value is null
        or ($is_date and parse_ts(value) is null and try_strptime(value, $formats) is null)
)

select * from final
