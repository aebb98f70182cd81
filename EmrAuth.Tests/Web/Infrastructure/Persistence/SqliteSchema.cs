using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace EmrAuth.Tests.Web.Infrastructure.Persistence;

/// <summary>
/// The schema of a SQLite database as a set of comparable lines: every table (with its normalized CREATE statement),
/// every column (PRAGMA table_info), every index (sqlite_master SQL, PRAGMA index_list / index_info) and every foreign
/// key (PRAGMA foreign_key_list). SQLite's own tables and the tables EF Core's migrator keeps for itself
/// (<c>__EFMigrationsHistory</c>, and <c>__EFMigrationsLock</c> since EF Core 9) are left out.
/// </summary>
internal sealed partial class SqliteSchema
{
    private SqliteSchema(IReadOnlyList<string> tables, IReadOnlyList<string> lines)
    {
        Tables = tables;
        Lines = lines;
    }

    private const string HistoryTable = "__EFMigrationsHistory";

    private static readonly HashSet<string> MigratorTables = new(StringComparer.Ordinal) { HistoryTable, "__EFMigrationsLock" };

    public IReadOnlyList<string> Tables { get; }

    public IReadOnlyList<string> Lines { get; }

    public static SqliteSchema Read(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();

        var tables = new List<(string Name, string Sql)>();
        var indexSql = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in Query(connection, "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"))
        {
            var (type, name, sql) = ((string)row[0]!, (string)row[1]!, row[3] as string);
            if (MigratorTables.Contains(name) || MigratorTables.Contains((string)row[2]!))
            {
                continue;
            }
            switch (type)
            {
                case "table":
                    tables.Add((name, Normalize(sql)));
                    break;
                case "index":
                    indexSql[name] = Normalize(sql);
                    break;
                default:
                    // Views and triggers: the model has none, so any is a difference worth seeing.
                    tables.Add(($"{type}:{name}", Normalize(sql)));
                    break;
            }
        }

        var lines = new List<string>();
        foreach (var (table, sql) in tables)
        {
            lines.Add($"table {table}: {sql}");
            if (table.Contains(':', StringComparison.Ordinal))
            {
                continue;
            }
            foreach (var c in Query(connection, $"PRAGMA table_info({Quote(table)})"))
            {
                // cid, name, type, notnull, dflt_value, pk
                lines.Add($"column {table}.{c[1]}: cid={c[0]} type={c[2]} notnull={c[3]} default={c[4] ?? "<none>"} pk={c[5]}");
            }
            foreach (var i in Query(connection, $"PRAGMA index_list({Quote(table)})"))
            {
                // seq, name, unique, origin, partial
                var name = (string)i[1]!;
                var columns = Query(connection, $"PRAGMA index_info({Quote(name)})")
                    .OrderBy(x => Convert.ToInt64(x[0], CultureInfo.InvariantCulture))
                    .Select(x => x[2] as string ?? "<expr>");
                indexSql.Remove(name, out var createIndex);
                lines.Add($"index {table}.{name}: unique={i[2]} origin={i[3]} partial={i[4]} columns=({string.Join(",", columns)}) sql={createIndex ?? "<implicit>"}");
            }
            foreach (var f in Query(connection, $"PRAGMA foreign_key_list({Quote(table)})"))
            {
                // id, seq, table, from, to, on_update, on_delete, match
                lines.Add($"foreign key {table}.{f[3]} -> {f[2]}.{f[4]}: seq={f[1]} on_update={f[5]} on_delete={f[6]} match={f[7]}");
            }
        }
        // An index sqlite_master lists but no table's index_list does would be odd; keep it visible rather than lost.
        lines.AddRange(indexSql.Select(x => $"orphan index {x.Key}: {x.Value}"));

        return new SqliteSchema(tables.Select(t => t.Name).ToList(), lines.Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>The rows of EF's migration history, in MigrationId order.</summary>
    public static IReadOnlyList<(string Id, string Version)> ReadHistory(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        return Query(connection, $"SELECT MigrationId, ProductVersion FROM {Quote(HistoryTable)} ORDER BY MigrationId")
            .Select(r => ((string)r[0]!, (string)r[1]!))
            .ToList();
    }

    /// <summary>Empty when both schemas are the same; otherwise what only one of them has, one line each.</summary>
    public static string Differences(SqliteSchema expected, SqliteSchema actual, string expectedName, string actualName)
    {
        var missing = expected.Lines.Except(actual.Lines, StringComparer.Ordinal).Select(l => $"  only in {expectedName}: {l}");
        var extra = actual.Lines.Except(expected.Lines, StringComparer.Ordinal).Select(l => $"  only in {actualName}:  {l}");
        return string.Join(Environment.NewLine, missing.Concat(extra));
    }

    /// <summary>Case kept; quotes dropped; runs of white space made one space, none around parentheses and commas.</summary>
    internal static string Normalize(string? sql)
    {
        if (sql is null)
        {
            return "<none>";
        }
        var s = QuoteRegex().Replace(sql, "");
        s = WhiteSpaceRegex().Replace(s, " ");
        s = PunctuationRegex().Replace(s, "$1");
        return s.Trim();
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static List<object?[]> Query(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    [GeneratedRegex("[\"`\\[\\]]")]
    private static partial Regex QuoteRegex();

    [GeneratedRegex("\\s+")]
    private static partial Regex WhiteSpaceRegex();

    [GeneratedRegex("\\s*([(),])\\s*")]
    private static partial Regex PunctuationRegex();
}
