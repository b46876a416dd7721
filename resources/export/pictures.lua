-- CoAuthor Desk's own pandoc filter for pictures (nothing from a book folder is ever used as
-- a filter). Pandoc runs sandboxed and cannot open files, so the app copies the pictures that
-- may be exported (inside the book folder, of a picture kind) into the export's work folder
-- and lists them in the file named by COAUTHOR_PICTURES: the name as written, the copy's name
-- and its kind, between tabs. Only those are shown; any other picture is shown by its
-- description. The app runs it only when a text has pictures, or a link that might lead to a
-- program or a file rather than a page (see Link below).

local list_file = os.getenv("COAUTHOR_PICTURES")
local folder = list_file and list_file:match("^(.*)[/\\]") or "."
local pictures = {}
if list_file then
  for line in io.lines(list_file) do
    local written, name, kind = line:match("^(.-)\t(.-)\t(.+)$")
    if written then pictures[written] = { name = name, kind = kind } end
  end
end

function Image(image)
  local picture = pictures[image.src]
  if picture then
    if FORMAT ~= "typst" then -- typst reads the copy itself, from the same folder
      local file = io.open(folder .. "/" .. picture.name, "rb")
      local data = file:read("a")
      file:close()
      pandoc.mediabag.insert(picture.name, picture.kind, data)
    end
    image.src = picture.name
    return image
  end
  local described = pandoc.utils.stringify(image.caption)
  if described == "" then described = "no description" end
  return pandoc.Emph({ pandoc.Str("[Picture: " .. described .. "]") })
end

-- Links lead only to web pages, e-mail, telephone numbers and places in the book: a link to
-- 'javascript:', 'data:', 'file:' or any other kind of address (however it was spelled in the
-- text) is shown as its words.
local safe_kinds = { http = true, https = true, mailto = true, tel = true }

function Link(link)
  -- Browsers ignore spaces and control characters in an address, so this look does too; and
  -- anything before a ':' in the first part of an address is its kind, however odd.
  local kind = link.target:gsub("[%s%c]", ""):match("^([^/?#]*):")
  if kind and not safe_kinds[kind:lower()] then
    return link.content
  end
  return link
end
