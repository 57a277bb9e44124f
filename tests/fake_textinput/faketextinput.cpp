// libfaketextinput: see faketextinput.h and README.md (which names the source of each behaviour).
#include "faketextinput.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace {

enum class Kind { String, Data, Source };

struct Object {
    explicit Object(Kind k) : kind(k) {}
    virtual ~Object() = default;
    Kind kind;
};

struct String final : Object {
    explicit String(std::string text) : Object(Kind::String), utf8(std::move(text)) {}
    std::string utf8;
};

struct Data final : Object {
    explicit Data(std::vector<uint8_t> data) : Object(Kind::Data), bytes(std::move(data)) {}
    std::vector<uint8_t> bytes;
};

// What one input source reports; shared by every copy made while it was current.
struct Snapshot {
    String id;
    String name;
    Data layout;
};

struct Source final : Object {
    explicit Source(std::shared_ptr<const Snapshot> s) : Object(Kind::Source), snapshot(std::move(s)) {}
    std::shared_ptr<const Snapshot> snapshot;
    long references = 1;
};

const String propertyInputSourceID("TISPropertyInputSourceID");
const String propertyLocalizedName("TISPropertyLocalizedName");
const String propertyUnicodeKeyLayoutData("TISPropertyUnicodeKeyLayoutData");

std::mutex mutex;
std::shared_ptr<const Snapshot> current;
uint8_t keyboardType = 40;
uint64_t translateCount = 0;
uint32_t liveSources = 0;

// UTF-16 length of UTF-8 text (CFStringGetLength counts UTF-16 units).
long utf16Length(const std::string& text) {
    long units = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if ((byte & 0xC0) == 0x80) continue;
        units += byte >= 0xF0 ? 2 : 1;
    }
    return units;
}

// ---- 'uchr' reading (UnicodeUtilities.h) -----------------------------------------------------

constexpr uint16_t kUCKeyLayoutHeaderFormat = 0x1002;
constexpr uint16_t kUCKeyModifiersToTableNumFormat = 0x3001;
constexpr uint16_t kUCKeyToCharTableIndexFormat = 0x4001;
constexpr uint16_t kUCKeyStateRecordsIndexFormat = 0x5001;
constexpr uint16_t kUCKeyStateTerminatorsFormat = 0x6001;
constexpr uint16_t kUCKeySequenceDataIndexFormat = 0x7001;
constexpr uint16_t kUCKeyStateEntryTerminalFormat = 0x0001;
constexpr uint16_t kUCKeyOutputTestForIndexMask = 0xC000;
constexpr uint16_t kUCKeyOutputStateIndexMask = 0x4000;
constexpr uint16_t kUCKeyOutputSequenceIndexMask = 0x8000;
constexpr uint16_t kUCKeyOutputGetIndexMask = 0x3FFF;
constexpr uint16_t kUCKeyActionDown = 0;
constexpr uint16_t kUCKeyActionUp = 1;
constexpr uint16_t kUCKeyActionAutoKey = 2;
constexpr uint16_t kUCKeyActionDisplay = 3;
constexpr uint32_t kUCKeyTranslateNoDeadKeysMask = 1;

// Bounds-checked little-endian reads from a layout of unknown size: a read past `limit` fails.
struct Reader {
    const uint8_t* base;
    size_t limit;
    bool ok = true;

    uint16_t u16(size_t offset) {
        if (offset + 2 > limit) return fail();
        return static_cast<uint16_t>(base[offset] | base[offset + 1] << 8);
    }
    uint32_t u32(size_t offset) {
        if (offset + 4 > limit) return fail();
        return static_cast<uint32_t>(base[offset]) | static_cast<uint32_t>(base[offset + 1]) << 8 |
               static_cast<uint32_t>(base[offset + 2]) << 16 |
               static_cast<uint32_t>(base[offset + 3]) << 24;
    }
    uint8_t u8(size_t offset) {
        if (offset + 1 > limit) return static_cast<uint8_t>(fail());
        return base[offset];
    }
    uint16_t fail() {
        ok = false;
        return 0;
    }
};

struct Tables {
    uint32_t modifiers = 0;
    uint32_t charTables = 0;
    uint32_t stateRecords = 0;
    uint32_t terminators = 0;
    uint32_t sequences = 0;
};

// Appends a UCKeyCharSeq: a UTF-16 unit, a sequence index, or nothing (0xFFFE, 0xFFFF).
bool appendCharSequence(Reader& reader, const Tables& tables, uint16_t value,
                        std::vector<uint16_t>& out) {
    if (value == 0xFFFE || value == 0xFFFF) return true;
    if ((value & kUCKeyOutputTestForIndexMask) == kUCKeyOutputSequenceIndexMask) {
        if (tables.sequences == 0) return false;
        if (reader.u16(tables.sequences) != kUCKeySequenceDataIndexFormat) return false;
        const uint16_t index = value & kUCKeyOutputGetIndexMask;
        if (index >= reader.u16(tables.sequences + 2)) return false;
        const uint16_t start = reader.u16(tables.sequences + 4 + 2u * index);
        const uint16_t end = reader.u16(tables.sequences + 4 + 2u * (index + 1u));
        if (end < start) return false;
        for (uint32_t at = start; at < end; at += 2) out.push_back(reader.u16(tables.sequences + at));
        return reader.ok;
    }
    out.push_back(value);
    return true;
}

bool appendTerminator(Reader& reader, const Tables& tables, uint32_t state,
                      std::vector<uint16_t>& out) {
    if (state == 0 || tables.terminators == 0) return true;
    if (reader.u16(tables.terminators) != kUCKeyStateTerminatorsFormat) return false;
    if (state > reader.u16(tables.terminators + 2)) return true;
    return appendCharSequence(reader, tables, reader.u16(tables.terminators + 4 + 2 * (state - 1)),
                              out);
}

int32_t translate(const uint8_t* layout, uint16_t virtualKey, uint16_t action, uint32_t modifiers,
                  uint32_t type, uint32_t options, uint32_t& state, std::vector<uint16_t>& out) {
    // The layout's size is not passed; offsets are trusted up to 1 MiB, like any 'uchr' reader.
    Reader reader{layout, 1u << 20};
    if (reader.u16(0) != kUCKeyLayoutHeaderFormat) return FAKETEXTINPUT_PARAM_ERR;
    const uint32_t typeCount = reader.u32(8);
    if (typeCount == 0) return FAKETEXTINPUT_PARAM_ERR;
    uint32_t header = 12;  // keyboardTypeList[0], the one used when no range matches
    for (uint32_t i = 0; i < typeCount; ++i) {
        const uint32_t at = 12 + 28 * i;
        if (reader.u32(at) <= type && type <= reader.u32(at + 4)) {
            header = at;
            break;
        }
    }
    const Tables tables{reader.u32(header + 8), reader.u32(header + 12), reader.u32(header + 16),
                        reader.u32(header + 20), reader.u32(header + 24)};
    if (!reader.ok || reader.u16(tables.modifiers) != kUCKeyModifiersToTableNumFormat ||
        reader.u16(tables.charTables) != kUCKeyToCharTableIndexFormat) {
        return FAKETEXTINPUT_PARAM_ERR;
    }
    if (action == kUCKeyActionUp) return 0;
    if (action != kUCKeyActionDown && action != kUCKeyActionAutoKey && action != kUCKeyActionDisplay) {
        return FAKETEXTINPUT_PARAM_ERR;
    }
    const uint32_t modifierIndex = (modifiers & 0xFF);
    const uint32_t modifierCount = reader.u32(tables.modifiers + 4);
    const uint32_t tableNumber = modifierIndex < modifierCount
                                     ? reader.u8(tables.modifiers + 8 + modifierIndex)
                                     : reader.u16(tables.modifiers + 2);
    const uint16_t tableSize = reader.u16(tables.charTables + 2);
    const uint32_t tableCount = reader.u32(tables.charTables + 4);
    if (!reader.ok || tableNumber >= tableCount) return FAKETEXTINPUT_PARAM_ERR;
    if (virtualKey >= tableSize) return 0;
    const uint32_t table = reader.u32(tables.charTables + 8 + 4 * tableNumber);
    const uint16_t output = reader.u16(table + 2u * virtualKey);
    // Display: the key's state-zero output, no dead-key state read or set.
    uint32_t current = action == kUCKeyActionDisplay ? 0 : state;
    uint32_t next = 0;
    bool entered = false;
    if ((output & kUCKeyOutputTestForIndexMask) == kUCKeyOutputStateIndexMask) {
        if (tables.stateRecords == 0 ||
            reader.u16(tables.stateRecords) != kUCKeyStateRecordsIndexFormat) {
            return FAKETEXTINPUT_PARAM_ERR;
        }
        const uint16_t index = output & kUCKeyOutputGetIndexMask;
        if (index >= reader.u16(tables.stateRecords + 2)) return FAKETEXTINPUT_PARAM_ERR;
        const uint32_t record = reader.u32(tables.stateRecords + 4 + 4u * index);
        const uint16_t entryCount = reader.u16(record + 4);
        const uint16_t entryFormat = reader.u16(record + 6);
        bool matched = false;
        if (current != 0 && entryCount > 0) {
            if (entryFormat != kUCKeyStateEntryTerminalFormat) return FAKETEXTINPUT_PARAM_ERR;
            for (uint16_t i = 0; i < entryCount && !matched; ++i) {
                const uint32_t entry = record + 8 + 4u * i;
                if (reader.u16(entry) != current) continue;
                matched = true;
                if (!appendCharSequence(reader, tables, reader.u16(entry + 2), out)) {
                    return FAKETEXTINPUT_PARAM_ERR;
                }
            }
        }
        if (!matched) {
            if (!appendTerminator(reader, tables, current, out)) return FAKETEXTINPUT_PARAM_ERR;
            if (!appendCharSequence(reader, tables, reader.u16(record), out)) {
                return FAKETEXTINPUT_PARAM_ERR;
            }
            next = reader.u16(record + 2);
            entered = next != 0;
        }
    } else {
        if (!appendTerminator(reader, tables, current, out)) return FAKETEXTINPUT_PARAM_ERR;
        if (!appendCharSequence(reader, tables, output, out)) return FAKETEXTINPUT_PARAM_ERR;
    }
    if (!reader.ok) return FAKETEXTINPUT_PARAM_ERR;
    if (entered && (action == kUCKeyActionDisplay || (options & kUCKeyTranslateNoDeadKeysMask))) {
        // No new dead-key state: the key types what the state would end with, its terminator.
        if (!appendTerminator(reader, tables, next, out)) return FAKETEXTINPUT_PARAM_ERR;
        next = 0;
    }
    if (action != kUCKeyActionDisplay) state = next;
    return 0;
}

void loadFromEnvironment() {
    const char* id = getenv("FAKETEXTINPUT_ID");
    const char* path = getenv("FAKETEXTINPUT_UCHR");
    const char* type = getenv("FAKETEXTINPUT_KEYBOARD_TYPE");
    if (type != nullptr) {
        char* end = nullptr;
        const unsigned long value = strtoul(type, &end, 0);
        if (end == type || *end != '\0' || value > 255) {
            fprintf(stderr, "faketextinput: ignoring FAKETEXTINPUT_KEYBOARD_TYPE=%s: not 0-255\n", type);
        } else {
            keyboardType = static_cast<uint8_t>(value);
        }
    }
    if (id == nullptr || path == nullptr) return;
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        fprintf(stderr, "faketextinput: ignoring FAKETEXTINPUT_UCHR=%s: cannot read it\n", path);
        return;
    }
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    const char* name = getenv("FAKETEXTINPUT_NAME");
    current = std::make_shared<const Snapshot>(
        Snapshot{String(id), String(name == nullptr ? id : name), Data(std::move(bytes))});
}

__attribute__((constructor)) void atLoad() { loadFromEnvironment(); }

}  // namespace

extern "C" {

const void* const kTISPropertyInputSourceID = &propertyInputSourceID;
const void* const kTISPropertyLocalizedName = &propertyLocalizedName;
const void* const kTISPropertyUnicodeKeyLayoutData = &propertyUnicodeKeyLayoutData;

void* TISCopyCurrentKeyboardLayoutInputSource(void) {
    std::lock_guard<std::mutex> lock(mutex);
    if (current == nullptr) return nullptr;
    ++liveSources;
    return static_cast<Object*>(new Source(current));
}

void* TISGetInputSourceProperty(void* source, const void* key) {
    auto* object = static_cast<Object*>(source);
    if (object == nullptr || object->kind != Kind::Source) return nullptr;
    const Snapshot& snapshot = *static_cast<Source*>(object)->snapshot;
    const Object* value = nullptr;
    if (key == kTISPropertyInputSourceID) value = &snapshot.id;
    if (key == kTISPropertyLocalizedName) value = &snapshot.name;
    if (key == kTISPropertyUnicodeKeyLayoutData) value = &snapshot.layout;
    return const_cast<Object*>(value);
}

uint8_t LMGetKbdType(void) {
    std::lock_guard<std::mutex> lock(mutex);
    return keyboardType;
}

uint32_t KBGetLayoutType(int16_t type) {
    // Keyboards.h: kKeyboardJIS 'JIS ', kKeyboardANSI 'ANSI', kKeyboardISO 'ISO ',
    // kKeyboardUnknown '????'. The generic USB types 40/41/42 (recipes-reference §3.4 item 3).
    switch (type) {
        case 40: return 0x414E5349;  // 'ANSI'
        case 41: return 0x49534F20;  // 'ISO '
        case 42: return 0x4A495320;  // 'JIS '
        default: return 0x3F3F3F3F;  // '????'
    }
}

int32_t UCKeyTranslate(const void* layout, uint16_t virtualKeyCode, uint16_t keyAction,
                       uint32_t modifierKeyState, uint32_t keyboardTypeValue,
                       uint32_t keyTranslateOptions, uint32_t* deadKeyState,
                       unsigned long maxStringLength, unsigned long* actualStringLength,
                       uint16_t* unicodeString) {
    {
        std::lock_guard<std::mutex> lock(mutex);
        ++translateCount;
    }
    if (layout == nullptr || deadKeyState == nullptr || actualStringLength == nullptr ||
        (maxStringLength > 0 && unicodeString == nullptr)) {
        return FAKETEXTINPUT_PARAM_ERR;
    }
    std::vector<uint16_t> out;
    uint32_t state = *deadKeyState;
    const int32_t result = translate(static_cast<const uint8_t*>(layout), virtualKeyCode, keyAction,
                                     modifierKeyState, keyboardTypeValue, keyTranslateOptions,
                                     state, out);
    if (result != 0) return result;
    *deadKeyState = state;
    const size_t copied = out.size() < maxStringLength ? out.size() : maxStringLength;
    if (copied > 0) memcpy(unicodeString, out.data(), copied * sizeof(uint16_t));
    *actualStringLength = copied;
    return out.size() > maxStringLength ? FAKETEXTINPUT_OUTPUT_BUFFER_TOO_SMALL : 0;
}

const void* CFRetain(const void* object) {
    auto* value = static_cast<Object*>(const_cast<void*>(object));
    if (value != nullptr && value->kind == Kind::Source) {
        std::lock_guard<std::mutex> lock(mutex);
        ++static_cast<Source*>(value)->references;
    }
    return object;
}

void CFRelease(const void* object) {
    auto* value = static_cast<Object*>(const_cast<void*>(object));
    if (value == nullptr) abort();  // CFRelease(NULL) crashes on macOS too
    if (value->kind != Kind::Source) return;  // property values live as long as their source
    auto* source = static_cast<Source*>(value);
    std::lock_guard<std::mutex> lock(mutex);
    if (--source->references == 0) {
        --liveSources;
        delete source;
    }
}

long CFStringGetLength(const void* string) {
    const auto* value = static_cast<const Object*>(string);
    if (value == nullptr || value->kind != Kind::String) return 0;
    return utf16Length(static_cast<const String*>(value)->utf8);
}

uint8_t CFStringGetCString(const void* string, char* buffer, long bufferSize, uint32_t encoding) {
    const auto* value = static_cast<const Object*>(string);
    constexpr uint32_t kCFStringEncodingUTF8 = 0x08000100;
    if (value == nullptr || value->kind != Kind::String || buffer == nullptr ||
        encoding != kCFStringEncodingUTF8) {
        return 0;
    }
    const std::string& text = static_cast<const String*>(value)->utf8;
    if (bufferSize < 0 || text.size() + 1 > static_cast<size_t>(bufferSize)) return 0;
    memcpy(buffer, text.c_str(), text.size() + 1);
    return 1;
}

long CFDataGetLength(const void* data) {
    const auto* value = static_cast<const Object*>(data);
    if (value == nullptr || value->kind != Kind::Data) return 0;
    return static_cast<long>(static_cast<const Data*>(value)->bytes.size());
}

const uint8_t* CFDataGetBytePtr(const void* data) {
    const auto* value = static_cast<const Object*>(data);
    if (value == nullptr || value->kind != Kind::Data) return nullptr;
    return static_cast<const Data*>(value)->bytes.data();
}

void faketextinput_reset(void) {
    std::lock_guard<std::mutex> lock(mutex);
    current = nullptr;
    keyboardType = 40;
    translateCount = 0;
}

int32_t faketextinput_set_source(const char* id, const char* name, const uint8_t* uchr,
                                 size_t length) {
    std::lock_guard<std::mutex> lock(mutex);
    if (id == nullptr) {
        current = nullptr;
        return 0;
    }
    if (name == nullptr || uchr == nullptr) return FAKETEXTINPUT_PARAM_ERR;
    current = std::make_shared<const Snapshot>(
        Snapshot{String(id), String(name), Data(std::vector<uint8_t>(uchr, uchr + length))});
    return 0;
}

void faketextinput_set_keyboard_type(uint8_t type) {
    std::lock_guard<std::mutex> lock(mutex);
    keyboardType = type;
}

uint64_t faketextinput_translate_count(void) {
    std::lock_guard<std::mutex> lock(mutex);
    return translateCount;
}

uint32_t faketextinput_live_sources(void) {
    std::lock_guard<std::mutex> lock(mutex);
    return liveSources;
}

}  // extern "C"
