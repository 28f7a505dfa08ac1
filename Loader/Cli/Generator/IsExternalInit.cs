namespace System.Runtime.CompilerServices;

/// <summary>Lets netstandard2.0 compile records (init accessors); the runtime never looks at it.</summary>
internal static class IsExternalInit;
