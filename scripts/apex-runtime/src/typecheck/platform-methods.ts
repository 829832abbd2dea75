// Signatures of the platform methods whose every overload the pass knows, so a call whose arguments fit none of them
// is the compiler's "Method does not exist or incorrect signature" and a call that fits has a known result type.
// Sources: Apex Reference Guide, "String Class" (instance methods) and "Math Class"
// (developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_methods_system_string.htm,
// apex_methods_system_math.htm), "Database Class" (apex_methods_system_database.htm) for the DML result types.
// A method absent from a table is undecided (never refused for its arguments, result unknown).
import type { RType } from '../interp/types';

/** an overload: parameter type names ('Object' takes anything) and the result type name */
export interface PlatformOverload {
    params: string[];
    ret: string;
}

function table(spec: string): Map<string, PlatformOverload[]> {
    const out = new Map<string, PlatformOverload[]>();
    for (const m of spec.matchAll(/(\w+)\(([^)]*)\):(\S+)/g)) {
        const lc = m[1].toLowerCase();
        if (!out.has(lc)) out.set(lc, []);
        out.get(lc)!.push({ params: m[2] ? m[2].split(',') : [], ret: m[3] });
    }
    return out;
}

/** String instance methods (every overload the String Class page lists for these names). */
export const STRING_INSTANCE = table(`
abbreviate(Integer):String abbreviate(Integer,Integer):String capitalize():String center(Integer):String
center(Integer,String):String charAt(Integer):Integer codePointAt(Integer):Integer codePointBefore(Integer):Integer
codePointCount(Integer,Integer):Integer compareTo(String):Integer contains(String):Boolean containsAny(String):Boolean
containsIgnoreCase(String):Boolean containsNone(String):Boolean containsOnly(String):Boolean
containsWhitespace():Boolean countMatches(String):Integer deleteWhitespace():String difference(String):String
endsWith(String):Boolean endsWithIgnoreCase(String):Boolean equalsIgnoreCase(String):Boolean escapeCsv():String
escapeEcmaScript():String escapeHtml3():String escapeHtml4():String escapeJava():String escapeUnicode():String
escapeXml():String getLevenshteinDistance(String):Integer getLevenshteinDistance(String,Integer):Integer
indexOf(String):Integer indexOf(String,Integer):Integer indexOfAny(String):Integer indexOfAnyBut(String):Integer
indexOfChar(Integer):Integer indexOfChar(Integer,Integer):Integer indexOfDifference(String):Integer
indexOfIgnoreCase(String):Integer indexOfIgnoreCase(String,Integer):Integer isAllLowerCase():Boolean
isAllUpperCase():Boolean isAlpha():Boolean isAlphaSpace():Boolean isAlphanumeric():Boolean
isAlphanumericSpace():Boolean isAsciiPrintable():Boolean isNumeric():Boolean isNumericSpace():Boolean
isWhitespace():Boolean lastIndexOf(String):Integer lastIndexOf(String,Integer):Integer lastIndexOfChar(Integer):Integer
lastIndexOfChar(Integer,Integer):Integer lastIndexOfIgnoreCase(String):Integer
lastIndexOfIgnoreCase(String,Integer):Integer left(Integer):String leftPad(Integer):String leftPad(Integer,String):String
length():Integer mid(Integer,Integer):String normalizeSpace():String remove(String):String removeEnd(String):String
removeEndIgnoreCase(String):String removeStart(String):String removeStartIgnoreCase(String):String
repeat(Integer):String repeat(String,Integer):String replace(String,String):String replaceAll(String,String):String
replaceFirst(String,String):String reverse():String right(Integer):String rightPad(Integer):String
rightPad(Integer,String):String split(String):List<String> split(String,Integer):List<String>
startsWith(String):Boolean startsWithIgnoreCase(String):Boolean stripHtmlTags():String substring(Integer):String
substring(Integer,Integer):String substringAfter(String):String substringAfterLast(String):String
substringBefore(String):String substringBeforeLast(String):String substringBetween(String):String
substringBetween(String,String):String swapCase():String toLowerCase():String toLowerCase(String):String
toUpperCase():String toUpperCase(String):String trim():String uncapitalize():String unescapeCsv():String
unescapeEcmaScript():String unescapeHtml3():String unescapeHtml4():String unescapeJava():String
unescapeUnicode():String unescapeXml():String
`);

/**
 * Math: every method takes numbers only (Decimal/Double/Integer/Long overloads), so an argument of a known
 * non-numeric type fits none. `Number` stands for any numeric argument; the result is typed only where every
 * overload gives one type (round → Integer, roundToLong → Long, random → Double): most methods have a Decimal and a
 * Double overload whose results differ, so `?` (unknown).
 */
export const MATH_STATIC = table(`
abs(Number):? acos(Number):? asin(Number):? atan(Number):? atan2(Number,Number):?
cbrt(Number):? ceil(Number):? cos(Number):? cosh(Number):? exp(Number):? floor(Number):?
log(Number):? log10(Number):? max(Number,Number):? min(Number,Number):? mod(Number,Number):?
pow(Number,Number):? random():Double rint(Number):? round(Number):Integer roundToLong(Number):Long
signum(Number):? sin(Number):? sinh(Number):? sqrt(Number):? tan(Number):? tanh(Number):?
`);

/** Database DML methods and the result type of one record (a list argument gives a list of them). */
export const DATABASE_DML_RESULT: Record<string, string> = {
    insert: 'Database.SaveResult',
    update: 'Database.SaveResult',
    upsert: 'Database.UpsertResult',
    delete: 'Database.DeleteResult',
    undelete: 'Database.UndeleteResult'
};

/** Platform result classes that never convert to a primitive, a collection, an sObject or a project class. */
export const OPAQUE_RESULT_TYPES = new Set(Object.values(DATABASE_DML_RESULT).map((n) => n.toLowerCase()));

export const primType = (name: string): RType | null =>
    name === 'List<String>'
        ? { k: 'list', elem: { k: 'prim', name: 'String' } }
        : name === '?'
          ? null
          : ({ k: 'prim', name: name as never } as RType);

/**
 * Instance methods of describe types whose result is fixed (Apex Reference: "Schema.SObjectType",
 * "DescribeSObjectResult Class", "SObjectField Class", "DescribeFieldResult Class"), by the type's full name; a
 * result name with a dot is that platform type, any other a primitive.
 */
const DESCRIBE_RESULTS: Record<string, string> = {
    'schema.sobjecttype': 'getdescribe:Schema.DescribeSObjectResult',
    'schema.describesobjectresult':
        'getname:String getlabel:String getlabelplural:String getkeyprefix:String getlocalname:String ' +
        'isaccessible:Boolean iscreateable:Boolean isupdateable:Boolean isdeletable:Boolean iscustom:Boolean ' +
        'isqueryable:Boolean iscustomsetting:Boolean getsobjecttype:Schema.SObjectType',
    'schema.sobjectfield': 'getdescribe:Schema.DescribeFieldResult',
    'schema.describefieldresult':
        'getname:String getlabel:String getlocalname:String getrelationshipname:String getinlinehelptext:String ' +
        'getlength:Integer getprecision:Integer getscale:Integer getdigits:Integer getbytelength:Integer ' +
        'isaccessible:Boolean iscreateable:Boolean isupdateable:Boolean isnillable:Boolean iscustom:Boolean ' +
        'isexternalid:Boolean isunique:Boolean iscalculated:Boolean getsobjectfield:Schema.SObjectField'
};
const DESCRIBE_TABLE = new Map(
    Object.entries(DESCRIBE_RESULTS).map(([k, v]) => [
        k,
        new Map(v.split(' ').map((x) => x.split(':') as [string, string]))
    ])
);

/** The result type of `value.m()` on a describe type, or null when the pass does not know it. */
export function describeCallType(typeName: string, lc: string): RType | null {
    const r = DESCRIBE_TABLE.get(typeName.toLowerCase())?.get(lc);
    if (!r) return null;
    return r.includes('.') ? { k: 'native', name: r } : ({ k: 'prim', name: r as never } as RType);
}
