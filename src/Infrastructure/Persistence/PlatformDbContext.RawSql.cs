using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Platform.Infrastructure.Persistence;

/// <summary>
/// The hand-written statements of the hot paths (decision 0205): a command on the context's connection,
/// inside its transaction when one is open, read with the connection opened and closed as EF does.
/// </summary>
public sealed partial class PlatformDbContext
{
    private NpgsqlCommand RawCommand(string sql) => new(sql, (NpgsqlConnection)Database.GetDbConnection())
    {
        Transaction = (NpgsqlTransaction?)Database.CurrentTransaction?.GetDbTransaction(),
    };

    private async Task<T> ReadRawAsync<T>(
        NpgsqlCommand command, Func<NpgsqlDataReader, Task<T>> read, CancellationToken cancellationToken, CommandBehavior behavior = CommandBehavior.Default)
    {
        await Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(behavior, cancellationToken);
            return await read(reader);
        }
        finally
        {
            await Database.CloseConnectionAsync();
        }
    }
}
