-- The updates that changed a commitment's status (the first report of each counts as a
-- change from nothing), newest first: the entries of the Atom feeds.
with updates as (
    select * from stg_commitment_updates
),

commitments as (
    select commitment_id, year, owner_role, owner_name, department, title
    from stg_commitments
),

ordered as (
    select
        updates.*,
        lag(updates.status) over (
            partition by updates.commitment_id
            order by updates.reported_on,
                list_position(['pledge', 'interim', 'midyear', 'yearend'], updates.stage),
                updates.source_file, updates.source_line
        ) as previous_status,
        row_number() over (
            partition by updates.commitment_id
            order by updates.reported_on,
                list_position(['pledge', 'interim', 'midyear', 'yearend'], updates.stage),
                updates.source_file, updates.source_line
        ) as report_number
    from updates
),

final as (
    select
        ordered.commitment_id,
        commitments.year,
        commitments.department,
        commitments.owner_role,
        commitments.owner_name,
        commitments.title,
        ordered.reported_on,
        ordered.stage,
        ordered.status,
        ordered.previous_status,
        ordered.progress_pct,
        ordered.evidence_url,
        ordered.note
    from ordered
    inner join commitments on ordered.commitment_id = commitments.commitment_id
    where ordered.report_number = 1 or ordered.status is distinct from ordered.previous_status
)

select * from final
order by reported_on desc,
    list_position(['pledge', 'interim', 'midyear', 'yearend'], stage) desc,
    commitment_id
