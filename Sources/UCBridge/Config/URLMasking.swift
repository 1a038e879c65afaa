/// Hides credentials written into a URL (`https://user:pass@host/…` → `https://********@host/…`)
/// before it is printed, logged or returned by the API. Works on malformed URLs too, since
/// those are exactly the ones that end up in error messages.
public enum URLMasking {
    public static func mask(_ url: String) -> String {
        let authorityStart: String.Index
        if let schemeEnd = url.range(of: "://") {
            authorityStart = schemeEnd.upperBound
        } else if url.hasPrefix("//") {
            authorityStart = url.index(url.startIndex, offsetBy: 2)
        } else {
            authorityStart = url.startIndex
        }
        let rest = url[authorityStart...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? url.endIndex
        guard let at = url[authorityStart..<authorityEnd].lastIndex(of: "@") else { return url }
        return String(url[..<authorityStart]) + "********" + String(url[at...])
    }
}
