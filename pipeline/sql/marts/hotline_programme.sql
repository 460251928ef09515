-- The live radio/TV programme: one row per episode (programme_date) with its calls and
-- the departments on air (those that took at least one of its calls), names joined by 、.
with calls as (
    select * from stg_hotline where programme_date is not null
),

episodes as (
    select
        programme_date,
        count(*) as calls,
        count(distinct department) as departments,
        string_agg(distinct department, '、' order by department) as department_names
    from calls
    group by programme_date
),

final as (
    select
        programme_date,
        strftime(programme_date, '%Y-%m') as month,
        calls,
        departments,
        department_names
    from episodes
)

select * from final order by programme_date
