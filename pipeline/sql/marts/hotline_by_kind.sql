-- Hotline calls by month received and kind (consultation, complaint, ...).
with calls as (
    select * from stg_hotline
),

groups as (
    select
        strftime(received_at, '%Y-%m') as month,
        kind,
        count(*) as calls,
        count(*) filter (where answered) as answered,
        count(satisfaction) as base_satisfaction,
        count(*) filter (where satisfaction >= 4) as satisfied,
        median(wait_seconds) as median_wait_seconds,
        count(wait_seconds) as base_wait,
        count(programme_date) as programme_calls
    from calls
    group by month, kind
),

final as (
    select
        month,
        kind,
        calls,
        answered,
        answered / calls as answer_rate,
        satisfied / nullif(base_satisfaction, 0) as satisfaction_rate,
        median_wait_seconds,
        programme_calls,
        satisfied,
        base_satisfaction,
        base_wait
    from groups
)

select * from final order by month, kind
