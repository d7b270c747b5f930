using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Platform.Application.Boards.Common;

/// <summary>
/// A lane's keyset cursor: base64url without padding of <c>"&lt;rank&gt;:&lt;internal id&gt;"</c> of the
/// last item of a page. Padded, non-base64url, malformed or <c>"0:0"</c> cursors are invalid.
/// </summary>
public static class BoardCursor
{
    public static string Encode(long rank, long id)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{rank}:{id}");
        return Base64Url.EncodeToString(Encoding.ASCII.GetBytes(text));
    }

    public static bool TryDecode(string cursor, out long rank, out long id)
    {
        rank = 0;
        id = 0;
        if (cursor.Length == 0 || cursor.Length % 4 == 1 || cursor.Length > 128)
        {
            return false;
        }

        foreach (var c in cursor)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(cursor);
        }
        catch (FormatException)
        {
            return false;
        }

        var text = Encoding.ASCII.GetString(bytes);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0
            || !long.TryParse(text.AsSpan(0, colon), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out rank)
            || !long.TryParse(text.AsSpan(colon + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out id))
        {
            return false;
        }

        return !(rank == 0 && id == 0);
    }
}
