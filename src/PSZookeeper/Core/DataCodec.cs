using System;
using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Text;

namespace PSZookeeper.Core
{
    /// <summary>
    /// Converts values to znode bytes and back. Text is UTF-8 without a BOM, so every Unicode
    /// character round-trips; JSON goes through caller-supplied converters (PowerShell's own
    /// ConvertTo-Json / ConvertFrom-Json in the module).
    /// </summary>
    internal static class DataCodec
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

        /// <summary>Unwraps a PSObject to its base object unless it is a PSCustomObject.</summary>
        public static object? Unwrap(object? value)
        {
            if (value is PSObject pso)
            {
                object baseObject = pso.BaseObject;
                return baseObject is PSCustomObject ? pso : baseObject;
            }
            return value;
        }

        /// <summary>True when a value is written as text without -AsJson (strings, numbers, chars, bools...).</summary>
        public static bool IsScalar(object? value) =>
            value == null || value is string || value is char || value is bool || value is DateTime || value is Guid || value is Enum ||
            value is IConvertible;

        /// <summary>
        /// The bytes for a value: byte[] as is, text as UTF-8, and (with <paramref name="asJson"/>, or for
        /// any object that is not a scalar) JSON from <paramref name="toJson"/>.
        /// </summary>
        public static byte[]? Encode(object? value, bool asJson, Func<object, string>? toJson)
        {
            value = Unwrap(value);
            if (value == null)
            {
                return asJson ? Utf8.GetBytes("null") : null;
            }
            if (value is byte[] bytes && !asJson)
            {
                return bytes;
            }
            if (!asJson && value is object[] array && IsByteArray(array))
            {
                return ToBytes(array);
            }
            if (asJson || !IsScalar(value))
            {
                if (toJson == null)
                {
                    throw new InvalidOperationException("No JSON converter is available.");
                }
                return Utf8.GetBytes(toJson(value));
            }
            return Utf8.GetBytes(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
        }

        /// <summary>Encodes text as UTF-8.</summary>
        public static byte[] EncodeText(string text) => Utf8.GetBytes(text);

        /// <summary>Decodes bytes as UTF-8 text (null stays null).</summary>
        public static string? DecodeText(byte[]? data) => data == null ? null : Utf8.GetString(data);

        /// <summary>Decodes bytes in a format; JSON through <paramref name="fromJson"/>.</summary>
        public static object? Decode(byte[]? data, DataFormat format, Func<string, object?>? fromJson)
        {
            switch (format)
            {
                case DataFormat.Bytes:
                    return data ?? new byte[0];
                case DataFormat.Json:
                    if (data == null || data.Length == 0)
                    {
                        return null;
                    }
                    if (fromJson == null)
                    {
                        throw new InvalidOperationException("No JSON converter is available.");
                    }
                    return fromJson(Utf8.GetString(data));
                default:
                    return DecodeText(data);
            }
        }

        /// <summary>A one-line preview of data for tables: text shortened, binary shown as hex.</summary>
        public static string Preview(byte[]? data, int maxLength = 40)
        {
            if (data == null || data.Length == 0)
            {
                return string.Empty;
            }
            string text;
            if (LooksBinary(data))
            {
                var sb = new StringBuilder("0x");
                for (int i = 0; i < data.Length && sb.Length < maxLength + 2; i++)
                {
                    sb.Append(data[i].ToString("x2", CultureInfo.InvariantCulture));
                }
                text = sb.ToString();
            }
            else
            {
                text = Utf8.GetString(data).Replace("\r", "\\r").Replace("\n", "\\n").Replace("\t", "\\t");
            }
            return text.Length <= maxLength ? text : text.Substring(0, maxLength - 3) + "...";
        }

        /// <summary>True when bytes are not valid UTF-8 text or hold control characters.</summary>
        public static bool LooksBinary(byte[] data)
        {
            try
            {
                string text = new UTF8Encoding(false, true).GetString(data);
                foreach (char c in text)
                {
                    if (c < 0x20 && c != '\r' && c != '\n' && c != '\t')
                    {
                        return true;
                    }
                }
                return false;
            }
            catch (DecoderFallbackException)
            {
                return true;
            }
        }

        private static bool IsByteArray(IList items)
        {
            if (items.Count == 0)
            {
                return false;
            }
            foreach (object? item in items)
            {
                if (!(Unwrap(item) is byte))
                {
                    return false;
                }
            }
            return true;
        }

        private static byte[] ToBytes(IList items)
        {
            var result = new byte[items.Count];
            for (int i = 0; i < items.Count; i++)
            {
                result[i] = (byte)Unwrap(items[i])!;
            }
            return result;
        }
    }
}
