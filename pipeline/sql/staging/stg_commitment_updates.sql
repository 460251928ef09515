-- Progress reports on commitments, in the order they were reported.
with source as (
    select * from valid_commitment_updates
),

final as (
    select
        trim(commitment_id) as commitment_id,
        parse_date(reported_on) as reported_on,
        accepted_code('commitment_updates', 'stage', stage) as stage,
        accepted_code('commitment_updates', 'status', status) as status,
        parse_number(progress_pct) as progress_pct,
        clean_text(note) as note,
        case when regexp_matches(trim(evidence_url), '^https?://') then trim(evidence_url) end
            as evidence_url,
        _file as source_file,
        _line as source_line
    from source
)

select * from final
