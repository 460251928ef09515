-- The most frequent values of one column, with their row counts.
with source as (
    select nullif(trim(columns(lambda c: c = $column)), '') as value from export
),

final as (
    select value, count(*) as rows
    from source
    where value is not null
    group by value
    order by rows desc, value
    limit $limit
)

select * from final
