-- Readers of the text values of raw tables, shared by validation and staging.
-- Dates: ISO 8601 (with or without offset), 2024/3/5 14:02, 2024年3月5日, Excel serials.
-- Times without an offset are local (the connection's TimeZone is Asia/Shanghai).
-- Raw values are trimmed at ingest (pipeline/mapping.py: every value, mapped values too),
-- so the readers of codes, numbers, yes/no, ratings and ids do not trim them again (a
-- copy of every text, most of staging's cost); a text from elsewhere is trimmed by its
-- caller (price_basket.sql) or by macros that take any text (ref_key, the dates).

-- Every form the portal reads (the long path). An Excel serial is a day count whose
-- fraction is the time of day, kept to the second (a spreadsheet's own precision; the
-- digits beyond are the binary fraction's noise).
create or replace macro parse_ts_any(s) as (
    case
        when s is null or trim(s) = '' then null
        when regexp_full_match(trim(s), '[0-9]{5}(\.[0-9]+)?')
            then timestamp '1899-12-30'
                + to_seconds(cast(round(cast(trim(s) as double) * 86400) as bigint))
        -- an offset of whole hours, as DuckDB and PostgreSQL write a timestamp with time
        -- zone (a typed Parquet column read as text): 2024-03-05 14:02:00+08
        when regexp_full_match(trim(s), '[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?[+-][0-9]{2}')
            and not hour_24(trim(s))
            then timezone('Asia/Shanghai', try_cast(trim(s) || ':00' as timestamptz))
        -- (strptime's %z would read a day that does not exist, 02-30, as the next month's)
        when regexp_matches(trim(s), '([+-][0-9]{2}:?[0-9]{2}|Z)$')
            and try_cast(left(trim(s), 10) as date) is not null
            then timezone('Asia/Shanghai', try_strptime(replace(replace(trim(s), 'T', ' '), 'Z', '+00:00'),
                ['%Y-%m-%d %H:%M:%S%z', '%Y-%m-%d %H:%M:%S.%f%z', '%Y-%m-%d %H:%M%z']))
        when regexp_matches(trim(s), '([+-][0-9]{2}:?[0-9]{2}|Z)$') then null
        else try_strptime(regexp_replace(replace(trim(s), 'T', ' '), '\s+', ' ', 'g'), [
            '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%d %H:%M', '%Y-%m-%d',
            '%Y/%m/%d %H:%M:%S', '%Y/%m/%d %H:%M', '%Y/%m/%d',
            '%Y年%m月%d日 %H:%M:%S', '%Y年%m月%d日 %H:%M', '%Y年%m月%d日%H:%M', '%Y年%m月%d日',
            '%Y年%m月%d日 %H时%M分', '%Y.%m.%d %H:%M', '%Y.%m.%d', '%Y%m%d'])
    end
);

-- The forms almost every export writes (2024-03-05 14:02:05, 2024/3/5 14:02, with or
-- without seconds or time, a T or a space; ISO 8601 with an offset) take a short path: a
-- shape test and DuckDB's cast, which reads each of them as the full list does (an hour 24
-- aside, refused by both; tests/test_ingest.py compares the two paths). Each test looks
-- at the fifth character and the length first (what every text of its form has), so most
-- texts meet one regular expression, not three.
create or replace macro ts_dash_form(s) as (
    s[5] = '-' and length(s) <= 19 and regexp_full_match(s, '[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2})?)?')
);

create or replace macro ts_slash_form(s) as (
    s[5] = '/' and regexp_full_match(s, '[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}( [0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)?')
);

-- ISO 8601 with an offset or Z, as systems export it: 2025-05-13T12:54:54+08:00.
create or replace macro ts_offset_form(s) as (
    s[5] = '-' and length(s) >= 17 and regexp_full_match(s, '[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2})?([+-][0-9]{2}:[0-9]{2}|Z)')
);

-- An hour 24, which DuckDB's cast reads as the next day and strptime's %H refuses.
create or replace macro hour_24(s) as (contains(s, ' 24:') or contains(s, 'T24:'));

create or replace macro parse_ts(s) as (
    case
        when s is null then null
        -- the common forms by DuckDB's own cast (several times faster than strptime)
        when ts_dash_form(s) then case when not hour_24(s) then try_cast(s as timestamp) end
        when ts_slash_form(s) then case when not hour_24(s)
            then try_cast(replace(s, '/', '-') as timestamp) end
        when ts_offset_form(s) then case when not hour_24(s)
            then timezone('Asia/Shanghai', try_cast(s as timestamptz)) end
        else parse_ts_any(s)
    end
);

-- (a lookup: the text is lowered once, not once per list as in a case)
create or replace macro parse_bool(s) as (
    map(['1', 'true', 't', 'yes', 'y', '是', '对', 'x', '✓', '0', 'false', 'f', 'no', 'n', '否'],
        [true, true, true, true, true, true, true, true, true,
         false, false, false, false, false, false])[lower(s)]
);

create or replace macro is_bool(s) as (parse_bool(s) is not null);

create or replace macro parse_rating(s) as (
    case s
        when '满意' then 5 when '非常满意' then 5 when '基本满意' then 4 when '比较满意' then 4
        when '一般' then 3 when '不太满意' then 2 when '不满意' then 1 when '非常不满意' then 1
        else case when regexp_full_match(s, '[1-5](\.0+)?') then cast(cast(s as double) as integer) end
    end
);

-- A plain number needs no cleaning (a text with ¥, 元, % or a comma never casts as is).
-- A comma is read only as a thousands separator (1,234.5): "3,20" or "1.234,56" (a
-- decimal comma) is not a number rather than 320 or 1.23456; NaN and infinity are not
-- numbers either.
create or replace macro parse_number(s) as (
    coalesce(
        case when isfinite(try_cast(s as double)) then try_cast(s as double) end,
        case when regexp_full_match(regexp_replace(s, '^[¥￥]|元$|%$', '', 'g'),
                                    '[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?')
             then try_cast(regexp_replace(s, '^[¥￥]|元$|%$|,', '', 'g') as double) end)
);

create or replace macro parse_code(s) as (nullif(lower(s), ''));

create or replace macro clean_text(s) as (nullif(s, ''));

-- A code of a contract column, or null when it is not one of the accepted values.
create or replace macro accepted_code(tbl, col, s) as (
    case when list_contains(
        (select accepted from contract_columns where table_name = tbl and column_name = col),
        parse_code(s)) then parse_code(s) end
);

-- Ids are personal data under the PIPL: inside the pipeline they are keyed hashes.
create or replace macro id_hash(s) as (sha256(getvariable('id_key') || s));

create or replace macro parse_date(s) as (cast(parse_ts(s) as date));

-- Whether a date text carries a time of day (an Excel serial with a fraction does).
create or replace macro has_time(s) as (
    case
        when ts_dash_form(s) or ts_slash_form(s) then contains(s, ':')
        else regexp_matches(trim(s), '[0-9]:[0-9]{2}|[0-9]时|T[0-9]{2}')
            or regexp_full_match(trim(s), '[0-9]{5}\.[0-9]*[1-9][0-9]*')
    end
);

-- The precision a time was written with: 'second', 'minute' or 'day'.
create or replace macro ts_precision(s) as (
    case
        when ts_dash_form(s) or ts_slash_form(s) then
            case when not contains(s, ':') then 'day'
                 when length(s) - length(replace(s, ':', '')) = 2 then 'second'
                 else 'minute' end
        when not has_time(s) then 'day'
        when regexp_matches(trim(s), '[0-9]:[0-9]{2}:[0-9]{2}|[0-9]时[0-9]+分[0-9]+秒')
            or regexp_full_match(trim(s), '[0-9]{5}\.[0-9]+') then 'second'
        else 'minute'
    end
);

-- The coarser of two precisions (day > minute > second).
create or replace macro coarser(a, b) as (
    case when 'day' in (a, b) then 'day' when 'minute' in (a, b) then 'minute' else 'second' end
);

-- A case closed before it was received, beyond the coarser precision of the two times
-- (10:05 closed and 10:05:30 received are equal: the handling time is zero): from the
-- texts (for their precision) and the times parsed from them (at ingest, `_ts_<column>`).
-- Only times less than a day apart need their precisions (truncating never reorders).
create or replace macro closed_before(closed_text, closed_ts, received_text, received_ts) as (
    case
        when closed_ts >= received_ts then false
        when closed_ts < received_ts - interval 1 day then true
        else date_trunc(coarser(ts_precision(closed_text), ts_precision(received_text)),
                        closed_ts)
            < date_trunc(coarser(ts_precision(closed_text), ts_precision(received_text)),
                         received_ts)
    end
);

-- A deadline given as a date only means the end of that day (`ts` parsed from `s`).
create or replace macro due_time(s, ts) as (
    case when has_time(s) then ts else ts + interval 1 day - interval 1 microsecond end
);

-- Ingest: a date-only text as the start or end of its day (sidecar `date_only`).
create or replace macro date_only_text(s, mode) as (
    case when s is not null and parse_ts(s) is not null and not has_time(s)
        then strftime(parse_ts(s), '%Y-%m-%d')
            || case when mode = 'end_of_day' then ' 23:59:59' else ' 00:00:00' end
        else s end
);

-- Ingest: a local time of another zone (sidecar `timezone`) as the portal's local time
-- (the connection's TimeZone).
create or replace macro zone_text(s, zone) as (
    case when s is not null and parse_ts(s) is not null and has_time(s)
            and not regexp_matches(trim(s), '([+-][0-9]{2}:?[0-9]{2}|Z)$')
        then case when ts_precision(s) = 'minute'
            then strftime(cast(timezone(zone, parse_ts(s)) as timestamp), '%Y-%m-%d %H:%M')
            else strftime(cast(timezone(zone, parse_ts(s)) as timestamp), '%Y-%m-%d %H:%M:%S')
        end
        else s end
);
