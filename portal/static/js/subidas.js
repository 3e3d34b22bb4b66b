/* Resumable uploads (tus 1.0) for form.cargador.
 *
 * Without this script the form posts the file in one multipart request. With it, each chosen
 * file is hashed (SHA-256, in slices, so memory stays small), announced to the server, and sent
 * in chunks; after a dropped connection, a pause, a closed tab or a server restart the script
 * asks the server (HEAD) how much it holds and continues from there. The upload URL is kept in
 * localStorage under the file's name, size and modification date. No inline script: CSP-safe.
 */
(function () {
  "use strict";
  if (window.portalSubidas) return;

  var CHUNK = 8 * 1024 * 1024;
  var HASH_SLICE = 4 * 1024 * 1024;
  var RETRY_MAX_MS = 30000;

  // --- SHA-256, incremental (WebCrypto has no streaming API and needs HTTPS) ---------------
  var K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ]);

  function Sha256() {
    this.h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    this.w = new Uint32Array(64);
    this.buf = new Uint8Array(64);
    this.bufLen = 0;
    this.total = 0;
  }

  function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }

  Sha256.prototype.block = function (d, o) {
    var w = this.w, h = this.h, t;
    for (t = 0; t < 16; t++) {
      w[t] = (d[o + 4 * t] << 24) | (d[o + 4 * t + 1] << 16) | (d[o + 4 * t + 2] << 8) | d[o + 4 * t + 3];
    }
    for (t = 16; t < 64; t++) {
      var x = w[t - 15], y = w[t - 2];
      var s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
      var s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
      w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
    }
    var a = h[0], b = h[1], c = h[2], e4 = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (t = 0; t < 64; t++) {
      var t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t]) | 0;
      var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g; g = f; f = e; e = (e4 + t1) | 0; e4 = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += e4; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
  };

  Sha256.prototype.update = function (data) {
    var i = 0, n = data.length;
    this.total += n;
    if (this.bufLen) {
      var take = Math.min(64 - this.bufLen, n);
      this.buf.set(data.subarray(0, take), this.bufLen);
      this.bufLen += take;
      i = take;
      if (this.bufLen < 64) return;
      this.block(this.buf, 0);
      this.bufLen = 0;
    }
    for (; i + 64 <= n; i += 64) this.block(data, i);
    if (i < n) { this.buf.set(data.subarray(i), 0); this.bufLen = n - i; }
  };

  Sha256.prototype.hex = function () {
    var tail = new Uint8Array(this.bufLen < 56 ? 64 : 128);
    tail.set(this.buf.subarray(0, this.bufLen));
    tail[this.bufLen] = 0x80;
    var hi = Math.floor(this.total / 0x20000000), lo = (this.total % 0x20000000) * 8;
    var end = tail.length;
    [hi >>> 24, hi >>> 16, hi >>> 8, hi, lo >>> 24, lo >>> 16, lo >>> 8, lo].forEach(function (v, j) {
      tail[end - 8 + j] = v & 0xff;
    });
    for (var o = 0; o < end; o += 64) this.block(tail, o);
    return Array.prototype.map.call(this.h, function (v) { return ("0000000" + v.toString(16)).slice(-8); }).join("");
  };

  function readSlice(blob) {
    if (blob.arrayBuffer) return blob.arrayBuffer();
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(reader.result); };
      reader.onerror = function () { reject(reader.error); };
      reader.readAsArrayBuffer(blob);
    });
  }

  function hashFile(file, onProgress) {
    var sha = new Sha256(), offset = 0;
    function next() {
      if (offset >= file.size) return Promise.resolve(sha.hex());
      return readSlice(file.slice(offset, offset + HASH_SLICE)).then(function (buffer) {
        sha.update(new Uint8Array(buffer));
        offset += buffer.byteLength;
        onProgress(offset / file.size);
        return next();
      });
    }
    return next();
  }

  // --- small helpers ------------------------------------------------------------------------
  function size(bytes) {
    var units = ["bytes", "KB", "MB", "GB"], i = 0;
    while (bytes >= 1024 && i < units.length - 1) { bytes /= 1024; i++; }
    return (i ? bytes.toFixed(1).replace(".", ",") : String(bytes)) + " " + units[i];
  }

  function b64(text) {
    return btoa(unescape(encodeURIComponent(text)));
  }

  function wait(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }

  function request(method, url, headers, body, onProgress, item) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.setRequestHeader("Tus-Resumable", "1.0.0");
      Object.keys(headers).forEach(function (name) { xhr.setRequestHeader(name, headers[name]); });
      if (onProgress) xhr.upload.onprogress = function (e) { onProgress(e.loaded); };
      xhr.onload = function () { resolve(xhr); };
      xhr.onerror = xhr.onabort = xhr.ontimeout = function () { reject(new Error("red")); };
      if (item) item.xhr = xhr;
      xhr.send(body || null);
    });
  }

  function message(xhr, fallback) {
    var header = xhr.getResponseHeader("Portal-Mensaje");
    if (header) return decodeURIComponent(header);
    return (xhr.responseText || "").trim() || fallback;
  }

  // --- the uploader -------------------------------------------------------------------------
  function Cargador(form) {
    this.form = form;
    this.endpoint = form.getAttribute("data-tus");
    this.maxBytes = Number(form.getAttribute("data-max-bytes"));
    this.blocked = form.getAttribute("data-bloqueadas").split(" ");
    this.input = form.querySelector("input[type=file]");
    this.list = form.querySelector(".cargador-cola");
    this.queue = [];
    this.running = false;
    this.input.multiple = true;
    this.input.required = false;
    form.addEventListener("submit", this.onSubmit.bind(this));
    window.addEventListener("online", this.wakeAll.bind(this));
    this.showPending();
  }

  Cargador.prototype.target = function () {
    var target = {};
    Array.prototype.forEach.call(this.form.elements, function (el) {
      if (el.name && el.name !== "csrf_token" && el.type !== "file" && el.type !== "submit") target[el.name] = el.value;
    });
    return target;
  };

  Cargador.prototype.storageKey = function (file, target) {
    return ["subidas", this.endpoint, target.proposito, target.contrato_id || "", file.name, file.size, file.lastModified].join("|");
  };

  Cargador.prototype.showPending = function () {
    var prefix = ["subidas", this.endpoint, this.target().proposito, this.target().contrato_id || ""].join("|") + "|";
    var names = [];
    for (var i = 0; i < localStorage.length; i++) {
      var key = localStorage.key(i);
      if (key && key.indexOf(prefix) === 0) names.push(key.slice(prefix.length).split("|")[0]);
    }
    if (names.length) {
      this.note("Tiene cargas sin terminar: " + names.join(", ") + ". Elija de nuevo el mismo archivo y continuará donde iba.");
    }
  };

  Cargador.prototype.note = function (text) {
    var p = document.createElement("p");
    p.className = "aviso";
    p.textContent = text;
    this.list.parentNode.insertBefore(p, this.list);
  };

  Cargador.prototype.onSubmit = function (event) {
    event.preventDefault();
    var files = Array.prototype.slice.call(this.input.files || []);
    if (!files.length) { this.note("Elija un archivo para cargar."); return; }
    var target = this.target();
    files.forEach(function (file) { this.queue.push(this.newItem(file, target)); }, this);
    this.input.value = "";
    this.runQueue();
  };

  Cargador.prototype.newItem = function (file, target) {
    var li = document.createElement("li");
    var name = document.createElement("span");
    var bar = document.createElement("progress");
    var status = document.createElement("span");
    var pause = document.createElement("button");
    name.className = "cargador-nombre";
    name.textContent = file.name + " (" + size(file.size) + ")";
    bar.max = 100; bar.value = 0;
    status.className = "cargador-estado";
    status.setAttribute("aria-live", "polite");
    pause.type = "button";
    pause.className = "boton-secundario";
    pause.textContent = "Pausar";
    pause.hidden = true;
    li.append(name, " ", bar, " ", status, " ", pause);
    this.list.appendChild(li);
    var item = { file: file, target: target, li: li, bar: bar, status: status, pause: pause,
      key: this.storageKey(file, target), url: null, offset: 0, paused: false, xhr: null, wake: null };
    pause.addEventListener("click", this.togglePause.bind(this, item));
    this.say(item, "En espera");
    return item;
  };

  Cargador.prototype.say = function (item, text) { item.status.textContent = text; };

  Cargador.prototype.progress = function (item, sent) {
    var size_ = item.file.size, pct = Math.floor((100 * sent) / size_);
    item.bar.value = pct;
    this.say(item, pct + " % · faltan " + size(size_ - sent));
  };

  Cargador.prototype.togglePause = function (item) {
    item.paused = !item.paused;
    item.pause.textContent = item.paused ? "Reanudar" : "Pausar";
    if (item.paused) {
      if (item.xhr) item.xhr.abort();
      this.say(item, "En pausa · " + item.bar.value + " %");
    } else if (item.wake) {
      item.wake();
    }
  };

  Cargador.prototype.wakeAll = function () {
    this.queue.forEach(function (item) { if (item.wake && !item.paused) item.wake(); });
  };

  Cargador.prototype.runQueue = function () {
    if (this.running || !this.queue.length) return;
    this.running = true;
    var item = this.queue.shift(), self = this;
    this.upload(item).catch(function (error) {
      self.fail(item, error.message || "No se pudo cargar el archivo.");
    }).then(function () {
      self.running = false;
      self.runQueue();
    });
  };

  Cargador.prototype.check = function (file) {
    var lower = file.name.toLowerCase(), parts = lower.split(".").slice(1);
    for (var i = 0; i < parts.length; i++) {
      if (this.blocked.indexOf("." + parts[i]) >= 0) return "No se aceptan archivos con extensión ." + parts[i] + ".";
    }
    if (!parts.length) return "El archivo no tiene extensión (por ejemplo .pdf o .xlsx).";
    if (file.size === 0) return "El archivo está vacío. Revise que eligió el archivo correcto.";
    if (file.size > this.maxBytes) return "El archivo pesa " + size(file.size) + " y el máximo permitido es " + size(this.maxBytes) + ".";
    return "";
  };

  Cargador.prototype.upload = function (item) {
    var problem = this.check(item.file), self = this;
    if (problem) return Promise.reject(new Error(problem));
    item.pause.hidden = false;
    return this.resumeOrCreate(item).then(function () { return self.sendAll(item); });
  };

  Cargador.prototype.resumeOrCreate = function (item) {
    var saved = localStorage.getItem(item.key), self = this;
    if (!saved) return this.create(item);
    item.url = saved;
    return this.head(item).then(function (found) {
      if (found) return null;
      localStorage.removeItem(item.key);
      return self.create(item);
    });
  };

  Cargador.prototype.create = function (item) {
    var self = this;
    this.say(item, "Calculando la huella digital…");
    return hashFile(item.file, function (done) {
      self.say(item, "Calculando la huella digital… " + Math.floor(done * 100) + " %");
    }).then(function (sha256) {
      var meta = { filename: item.file.name, filetype: item.file.type || "", sha256: sha256 };
      Object.keys(item.target).forEach(function (k) { meta[k] = item.target[k]; });
      var header = Object.keys(meta).map(function (k) { return k + " " + b64(meta[k]); }).join(",");
      return request("POST", self.endpoint, { "Upload-Length": String(item.file.size), "Upload-Metadata": header });
    }).then(function (xhr) {
      if (xhr.status !== 201) throw new Error(message(xhr, "El servidor no aceptó el archivo."));
      item.url = new URL(xhr.getResponseHeader("Location"), window.location.href).href;
      item.offset = 0;
      localStorage.setItem(item.key, item.url);
    });
  };

  // Ask how much the server holds; false when the upload is gone (expired, refused...).
  Cargador.prototype.head = function (item) {
    var self = this;
    return request("HEAD", item.url, {}).then(function (xhr) {
      if (xhr.status === 200) {
        item.offset = Number(xhr.getResponseHeader("Upload-Offset"));
        var done = xhr.getResponseHeader("Portal-Resultado");
        if (done) self.finish(item, done);
        return true;
      }
      if (xhr.status === 401) throw new Error(message(xhr, "Su sesión terminó. Ingrese de nuevo."));
      if (xhr.status === 410 && xhr.getResponseHeader("Portal-Mensaje")) {
        localStorage.removeItem(item.key);
        throw new Error(message(xhr, "La carga fue rechazada."));
      }
      if (xhr.status === 404 || xhr.status === 410) return false;
      throw new Error("retry");
    });
  };

  Cargador.prototype.sendAll = function (item) {
    var self = this, delay = 1000;
    function loop() {
      if (item.done) return Promise.resolve();
      if (item.paused) return self.sleepUntilWoken(item).then(function () { return self.head(item); }).then(loop);
      return self.sendChunk(item).then(function () { delay = 1000; return loop(); }, function (error) {
        if (error.message !== "retry") throw error;
        if (item.paused) return loop();
        self.say(item, "Conexión interrumpida; reintentando…");
        return Promise.race([wait(delay), self.sleepUntilWoken(item)]).then(function () {
          delay = Math.min(delay * 2, RETRY_MAX_MS);
          return self.head(item).catch(function (e) { if (e.message === "red") throw new Error("retry"); throw e; });
        }).then(loop, function (e) { if (e.message === "retry" || e.message === "red") return loop(); throw e; });
      });
    }
    return loop();
  };

  Cargador.prototype.sleepUntilWoken = function (item) {
    return new Promise(function (resolve) { item.wake = function () { item.wake = null; resolve(); }; });
  };

  Cargador.prototype.sendChunk = function (item) {
    var self = this, start = item.offset, end = Math.min(start + CHUNK, item.file.size);
    var headers = { "Upload-Offset": String(start), "Content-Type": "application/offset+octet-stream" };
    return request("PATCH", item.url, headers, item.file.slice(start, end), function (loaded) {
      self.progress(item, start + loaded);
    }, item).then(function (xhr) {
      if (xhr.status === 204) {
        item.offset = Number(xhr.getResponseHeader("Upload-Offset"));
        self.progress(item, item.offset);
        var done = xhr.getResponseHeader("Portal-Resultado");
        if (done) self.finish(item, done);
        return;
      }
      if ([409, 423, 460, 500, 502, 503, 504].indexOf(xhr.status) >= 0) throw new Error("retry");
      if (xhr.status === 401) throw new Error(message(xhr, "Su sesión terminó. Ingrese de nuevo."));
      localStorage.removeItem(item.key);
      throw new Error(message(xhr, "El servidor no aceptó el archivo."));
    }, function () { throw new Error("retry"); });
  };

  Cargador.prototype.finish = function (item, receipt) {
    item.done = true;
    localStorage.removeItem(item.key);
    item.bar.value = 100;
    item.pause.hidden = true;
    item.status.textContent = "Recibido completo. ";
    var link = document.createElement("a");
    link.href = receipt;
    link.textContent = "Ver acuse de recibo";
    item.status.appendChild(link);
  };

  Cargador.prototype.fail = function (item, text) {
    if (text === "retry" || text === "red") {
      text = "No hay conexión con el portal. Cuando vuelva, elija de nuevo el archivo: continuará donde iba.";
    }
    item.pause.hidden = true;
    item.li.classList.add("cargador-error");
    this.say(item, text);
  };

  function init(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("form.cargador"), function (form) {
      if (form.getAttribute("data-activo") || !window.XMLHttpRequest || !window.localStorage) return;
      form.setAttribute("data-activo", "1");
      new Cargador(form);
    });
  }

  window.portalSubidas = { Sha256: Sha256, init: init };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { init(); });
  else init();
  document.addEventListener("htmx:load", function (event) { init(event.detail.elt); });
})();
