using Npgsql;

namespace Platform.Infrastructure.Persistence;

public static class DatabaseErrors
{
    /// <summary>
    /// True when PostgreSQL refused a text value (NUL characters, invalid encoding): the caller's
    /// input was bad, so translators answer 400, not 500.
    /// </summary>
    public static bool IsInvalidText(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: "22021" or "22P05" or "54000" })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the database cannot be reached (down, restarting, out of connections): a 503, not a bug.</summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg when pg.SqlState is "57P01" or "57P02" or "57P03" or "53300" or "08000" or "08003" or "08006" or "08001" or "08004":
                    return true;
                case PostgresException:
                    return false;
                case NpgsqlException { IsTransient: true }:
                case System.Net.Sockets.SocketException:
                case TimeoutException:
                    return true;
            }
        }

        return false;
    }
}
