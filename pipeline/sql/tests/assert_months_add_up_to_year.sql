-- The months of cases_monthly add up to the year of cases_annual, per source (received
-- and closed, before suppression).
with monthly as (
    select cast(left(month, 4) as integer) as year, source,
           sum(received) as received, sum(closed) as closed
    from cases_monthly
    group by cast(left(month, 4) as integer), source
),

annual as (
    select year, source, received, closed from cases_annual
),

compared as (
    select coalesce(annual.year, monthly.year) as year,
           coalesce(annual.source, monthly.source) as source,
           monthly.received as month_received, annual.received as year_received,
           monthly.closed as month_closed, annual.closed as year_closed
    from monthly
    full outer join annual on monthly.year = annual.year and monthly.source = annual.source
),

final as (
    select 'cases_monthly' as table_name,
           'year=' || year || ', source=' || source as row_key,
           case when month_received is distinct from year_received then 'received'
                else 'closed' end as column_name
    from compared
    where month_received is distinct from year_received
        or month_closed is distinct from year_closed
)

select * from final order by row_key
