using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace EmrAuth.E2E.Integration;

/// <summary>What a sign-in attempt could have written: the accounts (with their password hashes) and the audit trail.</summary>
internal sealed record StoredState(int Accounts, string AccountRows, int AuditEntries, long LastAuditId);

/// <summary>Reads the running app's SQLite file read-only (no pooling, so the file is not held open afterwards).</summary>
internal static class PortalDatabase
{
    public static async Task<StoredState> ReadAsync(string databasePath)
    {
        Assert.True(File.Exists(databasePath), $"No database at {databasePath}.");
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();

        var rows = new StringBuilder();
        var accounts = 0;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText =
                "SELECT Id, UserName, Role, IFNULL(PartyId, ''), DisplayName, PasswordHash FROM Accounts ORDER BY Id";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                accounts++;
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    rows.Append(Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).Append('|');
                }

                rows.Append('\n');
            }
        }

        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT COUNT(*), IFNULL(MAX(Id), 0) FROM AuditEntries";
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            return new StoredState(accounts, rows.ToString(), reader.GetInt32(0), reader.GetInt64(1));
        }
    }
}
