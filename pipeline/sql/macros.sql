-- Readers of the text values of raw tables, shared by validation and staging.
-- Dates: ISO 8601 (with or without offset), 2024/3/5 14:02, 2024年3月5日, Excel serials.
-- Times without an offset are local (the connection's TimeZone is Asia/Shanghai).

create or replace macro parse_ts(s) as (
    case
        when s is null or trim(s) = '' then null
        when regexp_full_match(trim(s), '[0-9]{5}(\.[0-9]+)?')
            then timestamp '1899-12-30'
                + to_microseconds(cast(round(cast(trim(s) as double) * 86400000000) as bigint))
        when regexp_matches(trim(s), '([+-][0-9]{2}:?[0-9]{2}|Z)$')
            then timezone('Asia/Shanghai', try_strptime(replace(replace(trim(s), 'T', ' '), 'Z', '+00:00'),
                ['%Y-%m-%d %H:%M:%S%z', '%Y-%m-%d %H:%M:%S.%f%z', '%Y-%m-%d %H:%M%z']))
        else try_strptime(regexp_replace(replace(trim(s), 'T', ' '), '\s+', ' ', 'g'), [
            '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%d %H:%M', '%Y-%m-%d',
            '%Y/%m/%d %H:%M:%S', '%Y/%m/%d %H:%M', '%Y/%m/%d',
            '%Y年%m月%d日 %H:%M:%S', '%Y年%m月%d日 %H:%M', '%Y年%m月%d日%H:%M', '%Y年%m月%d日',
            '%Y年%m月%d日 %H时%M分', '%Y.%m.%d %H:%M', '%Y.%m.%d', '%Y%m%d'])
    end
);

create or replace macro parse_bool(s) as (
    case
        when lower(trim(s)) in ('1', 'true', 't', 'yes', 'y', '是', '对', 'x', '✓') then true
        when lower(trim(s)) in ('0', 'false', 'f', 'no', 'n', '否') then false
    end
);

create or replace macro is_bool(s) as (
    lower(trim(s)) in ('1', 'true', 't', 'yes', 'y', '是', '对', 'x', '✓',
                       '0', 'false', 'f', 'no', 'n', '否')
);

create or replace macro parse_rating(s) as (
    case trim(s)
        when '满意' then 5 when '非常满意' then 5 when '基本满意' then 4 when '比较满意' then 4
        when '一般' then 3 when '不太满意' then 2 when '不满意' then 1 when '非常不满意' then 1
        else case when regexp_full_match(trim(s), '[1-5](\.0+)?') then cast(cast(trim(s) as double) as integer) end
    end
);

create or replace macro parse_number(s) as (
    try_cast(regexp_replace(trim(s), '^[¥￥]|元$|%$|,', '', 'g') as double)
);

create or replace macro parse_code(s) as (nullif(lower(trim(s)), ''));

create or replace macro clean_text(s) as (nullif(trim(s), ''));

-- A code of a contract column, or null when it is not one of the accepted values.
create or replace macro accepted_code(tbl, col, s) as (
    case when list_contains(
        (select accepted from contract_columns where table_name = tbl and column_name = col),
        parse_code(s)) then parse_code(s) end
);

-- Ids are personal data under the PIPL: inside the pipeline they are keyed hashes.
create or replace macro id_hash(s) as (sha256(getvariable('id_key') || trim(s)));

create or replace macro parse_date(s) as (cast(parse_ts(s) as date));
