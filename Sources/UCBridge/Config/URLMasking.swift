/// Hides credentials written into a URL (`https://user:pass@host/…` → `https://********@host/…`)
/// before it is printed, logged or returned by the API.
public enum URLMasking {
    public static func mask(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let authorityStart = schemeEnd.upperBound
        let rest = url[authorityStart...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? url.endIndex
        guard let at = url[authorityStart..<authorityEnd].lastIndex(of: "@") else { return url }
        return String(url[..<authorityStart]) + "********" + String(url[at...])
    }
}
