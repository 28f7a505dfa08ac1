namespace TraitsBpf;

/// <summary>What a TC program tells the traffic-control layer (TC_ACT_*).</summary>
public enum TcAction
{
    /// <summary>TC_ACT_UNSPEC: use the default action.</summary>
    Unspec = -1,
    /// <summary>TC_ACT_OK: let the packet continue.</summary>
    Ok = 0,
    /// <summary>TC_ACT_RECLASSIFY.</summary>
    Reclassify = 1,
    /// <summary>TC_ACT_SHOT: drop the packet.</summary>
    Shot = 2,
    /// <summary>TC_ACT_PIPE: continue with the next action.</summary>
    Pipe = 3,
    /// <summary>TC_ACT_STOLEN: consumed by the program.</summary>
    Stolen = 4,
    /// <summary>TC_ACT_QUEUED.</summary>
    Queued = 5,
    /// <summary>TC_ACT_REPEAT.</summary>
    Repeat = 6,
    /// <summary>TC_ACT_REDIRECT: send the packet where a redirect helper said.</summary>
    Redirect = 7,
    /// <summary>TC_ACT_TRAP.</summary>
    Trap = 8,
}
