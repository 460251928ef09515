-- Cases by year received, source and district (cases without a district are left out).
with groups as (
    select * from int_case_groups
    where grain = 'year_source_district' and district is not null
),

final as (
    select
        year,
        source,
        district,
        received,
        closed,
        closure_rate,
        on_time_rate,
        median_handling_days,
        p90_handling_days,
        satisfaction_rate,
        on_time,
        base_on_time,
        satisfied,
        base_satisfaction,
        closed_30d,
        closed_30d_rate,
        provisional
    from groups
)

select * from final order by year, source, district
