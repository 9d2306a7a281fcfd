-- bench/soak.py's mix for wrk: one connection's requests turn over four
-- pages the page cache serves (home, a sector, an article, the site feed) and
-- two it mostly cannot: a search whose words change with every request, and
-- the article list's pages, ?page=N, walked across the whole archive.
-- wrk ... -s bench/soak.lua URL -- PAGES   (PAGES: the list's page count)

local cached = {
  "/",
  "/sectors/healthcare/",
  "/articles/generative-ai-classrooms-exam-season/",
  "/feeds/rss/",
}
local words = {
  "ai", "data", "privacy", "hospital", "school", "bank", "model", "police",
  "traffic", "health", "teacher", "student", "policy", "government", "chatbot",
  "camera", "finance", "insurance", "robot", "port", "language", "exam",
  "clinic", "court", "housing", "startup", "research", "university", "energy",
  "weather",
}
local pages = 1
local counter = 0

-- Each wrk thread starts elsewhere in the turn, so their searches differ.
local threads = 0
function setup(thread)
  thread:set("offset", threads * 50000)
  threads = threads + 1
end

function init(args)
  pages = tonumber(args[1]) or 1
  counter = offset or 0
end

local function word(n)
  return words[n % #words + 1]
end

function request()
  counter = counter + 1
  local slot = counter % 6
  local path
  if slot < 4 then
    path = cached[slot + 1]
  elseif slot == 4 then
    local n = math.floor(counter / 6)
    path = "/search/?q=" .. word(n) .. "+" .. word(math.floor(n / #words))
      .. "+" .. word(math.floor(n / (#words * #words)) + 7)
  else
    path = "/articles/?page=" .. (math.floor(counter / 6) % pages + 1)
  end
  return wrk.format("GET", path)
end
