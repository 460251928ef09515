-- Hotline calls by month received and kind (consultation, complaint, ...).
with groups as (
    select * from int_hotline_groups where grain = 'month_kind'
),

final as (
    select
        month,
        kind,
        calls,
        answered,
        answer_rate,
        satisfaction_rate,
        median_wait_seconds,
        programme_calls,
        satisfied,
        base_satisfaction,
        base_wait
    from groups
)

select * from final order by month, kind
