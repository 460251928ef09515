-- The departments of cases_by_department add up to the total of cases_annual, per year
-- and source (received and closed, before suppression).
with departments as (
    select year, source, sum(received) as received, sum(closed) as closed
    from cases_by_department
    group by year, source
),

annual as (
    select year, source, received, closed from cases_annual
),

compared as (
    select coalesce(annual.year, departments.year) as year,
           coalesce(annual.source, departments.source) as source,
           departments.received as department_received, annual.received as total_received,
           departments.closed as department_closed, annual.closed as total_closed
    from departments
    full outer join annual
        on departments.year = annual.year and departments.source = annual.source
),

final as (
    select 'cases_by_department' as table_name,
           'year=' || year || ', source=' || source as row_key,
           case when department_received is distinct from total_received then 'received'
                else 'closed' end as column_name
    from compared
    where department_received is distinct from total_received
        or department_closed is distinct from total_closed
)

select * from final order by row_key
