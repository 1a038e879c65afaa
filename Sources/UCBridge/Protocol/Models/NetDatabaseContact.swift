/// `AsnNetDatabaseContact`, the subset ucbridge reads (PROTOCOL.md section 6.1). Every member
/// is optional on the wire; unknown ones are ignored.
public struct NetDatabaseContact: Sendable, Equatable {
    public var entryID: String?
    public var entryIDDB: String?
    public var entryIDStore: String?
    public var ctiServerUserName: String?
    public var displayName: String?
    public var firstName: String?
    public var lastName: String?
    public var company: String?
    public var department: String?
    public var email: String?
    public var sipAddress: String?
    public var phoneBusiness: String?
    public var phoneMobile: String?
    public var phoneHome: String?
    public var optionalParams: OptionalParams?

    public init(
        entryID: String? = nil, entryIDDB: String? = nil, entryIDStore: String? = nil, ctiServerUserName: String? = nil,
        displayName: String? = nil, firstName: String? = nil, lastName: String? = nil, company: String? = nil,
        department: String? = nil, email: String? = nil, sipAddress: String? = nil, phoneBusiness: String? = nil,
        phoneMobile: String? = nil, phoneHome: String? = nil, optionalParams: OptionalParams? = nil
    ) {
        self.entryID = entryID
        self.entryIDDB = entryIDDB
        self.entryIDStore = entryIDStore
        self.ctiServerUserName = ctiServerUserName
        self.displayName = displayName
        self.firstName = firstName
        self.lastName = lastName
        self.company = company
        self.department = department
        self.email = email
        self.sipAddress = sipAddress
        self.phoneBusiness = phoneBusiness
        self.phoneMobile = phoneMobile
        self.phoneHome = phoneHome
        self.optionalParams = optionalParams
    }

    /// Never throws: a contact has no identifying member, every field is optional.
    public init(json: JSONValue) throws(ModelDecodingError) {
        try json.requireObject("AsnNetDatabaseContact")
        entryID = json.string("u8sEntryID")
        entryIDDB = json.string("u8sEntryIDDB")
        entryIDStore = json.string("u8sEntryIDStore")
        ctiServerUserName = json.string("u8sCtiServerUserName", "u8sCtIServerUserName")
        displayName = json.string("u8sDisplayName")
        firstName = json.string("u8sFirstName")
        lastName = json.string("u8sLastName")
        company = json.string("u8sCompany")
        department = json.string("u8sDepartment")
        email = json.string("u8sEMail")
        sipAddress = json.string("u8sSIPAddress")
        phoneBusiness = json.string("u8sPhoneBusiness")
        phoneMobile = json.string("u8sPhoneMobile")
        phoneHome = json.string("u8sPhoneHome")
        optionalParams = json["optionalParams"].flatMap(OptionalParams.init(json:))
    }

    public var json: JSONValue {
        var o = WireObject()
        o.put("u8sEntryID", entryID)
        o.put("u8sEntryIDDB", entryIDDB)
        o.put("u8sEntryIDStore", entryIDStore)
        o.put("u8sCtiServerUserName", ctiServerUserName)
        o.put("u8sDisplayName", displayName)
        o.put("u8sFirstName", firstName)
        o.put("u8sLastName", lastName)
        o.put("u8sCompany", company)
        o.put("u8sDepartment", department)
        o.put("u8sEMail", email)
        o.put("u8sSIPAddress", sipAddress)
        o.put("u8sPhoneBusiness", phoneBusiness)
        o.put("u8sPhoneMobile", phoneMobile)
        o.put("u8sPhoneHome", phoneHome)
        o.put("optionalParams", optionalParams?.json)
        return o.json
    }

    /// A readable name: the display name, else first and last name joined.
    public var bestName: String? {
        if let d = displayName, !d.isEmpty { return d }
        let joined = [firstName, lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        return joined.isEmpty ? nil : joined
    }
}
